//! Mutated proofs and commitments at volume (issue 13, item 4): 100,000 mutated proof files and
//! 10,000 mutated commitment files of a tiny model — bit flips, byte changes, truncations,
//! extensions, length prefixes set to huge values, random bytes, splices — go to the readers,
//! and whatever decodes goes to the verifier. Every one is rejected with an error (a mutation
//! that leaves the bytes unchanged is skipped and counted), none panics, and no decode allocates
//! more than the file's size suggests: a counting global allocator bounds the peak allocation
//! of each decode by `64 × file length + 64 KiB`.
//!
//! One test in this binary, run on one thread, so that the allocator's peak is the decode's.
//! Counts by outcome and error kind are printed (`--nocapture`).

mod common;
mod verifying;

use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use common::Case;
use spazk_mlp::{InferenceProof, MlpError, ModelCommitment};
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

const PROOF_MUTATIONS: usize = 100_000;
const COMMITMENT_MUTATIONS: usize = 10_000;

/// The bound on what decoding `n` bytes may allocate at its peak: a few times the decoded size
/// (an affine point is 72 bytes in memory for 32 on the wire, a vector may have doubled), and a
/// constant for the fixed structures.
fn allocation_bound(n: usize) -> usize {
    64 * n + (64 << 10)
}

/// The system allocator, counting the bytes live and their peak.
struct CountingAllocator;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

impl CountingAllocator {
    fn grew(size: usize) {
        let live = LIVE.fetch_add(size, Relaxed) + size;
        PEAK.fetch_max(live, Relaxed);
    }
}

// SAFETY: every call forwards to `System` with the caller's layout and pointer unchanged; the
// counters are atomics that never affect what is returned.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::grew(layout.size());
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Self::grew(layout.size());
        System.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as if old and new blocks were live at once: the worst a move can cost.
        Self::grew(new_size);
        let moved = System.realloc(ptr, layout, new_size);
        LIVE.fetch_sub(layout.size(), Relaxed);
        moved
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Runs `decode`, returning its result and the peak bytes it allocated beyond what was live.
fn measured<T>(decode: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let result = decode();
    (result, PEAK.load(Relaxed).saturating_sub(base))
}

/// The ways a file is mutated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Mutation {
    BitFlip,
    ByteChange,
    Truncation,
    Extension,
    HugeLength,
    RandomBytes,
    Splice,
}

const MUTATIONS: [Mutation; 7] = [
    Mutation::BitFlip,
    Mutation::ByteChange,
    Mutation::Truncation,
    Mutation::Extension,
    Mutation::HugeLength,
    Mutation::RandomBytes,
    Mutation::Splice,
];

/// Offsets that hold a length or count: every 8-byte little-endian value in `1..=2^16` (the
/// u64 prefixes ark-serialize writes before a vector; a field element or point almost never has
/// six zero high bytes), and every 4-byte one (the u32 fields of the commitment format).
fn length_fields(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut fields = Vec::new();
    for width in [8, 4] {
        for at in 0..=bytes.len().saturating_sub(width) {
            let mut word = [0u8; 8];
            word[..width].copy_from_slice(&bytes[at..at + width]);
            if (1..=1 << 16).contains(&u64::from_le_bytes(word)) {
                fields.push((at, width));
            }
        }
    }
    fields
}

/// Values a hostile length takes.
fn huge_value(rng: &mut StdRng, width: usize) -> u64 {
    let max = if width == 8 {
        u64::MAX
    } else {
        u32::MAX as u64
    };
    match rng.gen_range(0..4) {
        0 => max,
        1 => max >> 1,
        2 => 1 << rng.gen_range(16..(width as u32 * 8)),
        _ => rng.gen::<u64>() & max,
    }
}

struct Mutator<'a> {
    original: &'a [u8],
    /// Another valid file of the same kind, for splices.
    other: &'a [u8],
    lengths: Vec<(usize, usize)>,
    rng: StdRng,
}

impl Mutator<'_> {
    fn mutate(&mut self, kind: Mutation) -> Vec<u8> {
        let rng = &mut self.rng;
        let mut out = self.original.to_vec();
        let n = out.len();
        match kind {
            Mutation::BitFlip => out[rng.gen_range(0..n)] ^= 1 << rng.gen_range(0..8),
            Mutation::ByteChange => {
                for _ in 0..rng.gen_range(1..=4) {
                    out[rng.gen_range(0..n)] = rng.gen();
                }
            }
            Mutation::Truncation => out.truncate(rng.gen_range(0..n)),
            Mutation::Extension => {
                let extra = rng.gen_range(1..=64);
                out.extend((0..extra).map(|_| rng.gen::<u8>()));
            }
            Mutation::HugeLength => {
                let (at, width) = self.lengths[rng.gen_range(0..self.lengths.len())];
                let value = huge_value(rng, width);
                out[at..at + width].copy_from_slice(&value.to_le_bytes()[..width]);
            }
            Mutation::RandomBytes => {
                // Keep the header half the time, so the body parser sees the noise.
                let keep = if rng.gen() { 12 } else { 0 };
                let len = rng.gen_range(keep..=2 * n);
                out.truncate(keep);
                out.extend((keep..len).map(|_| rng.gen::<u8>()));
            }
            Mutation::Splice => {
                // A piece of this file or of another valid one, copied over a random place.
                let source = if rng.gen() { self.original } else { self.other };
                let len = rng.gen_range(1..=64.min(source.len()));
                let from = rng.gen_range(0..=source.len() - len);
                let to = rng.gen_range(0..=n - len.min(n));
                let piece = &source[from..from + len];
                if rng.gen() {
                    let end = (to + len).min(n);
                    out[to..end].copy_from_slice(&piece[..end - to]);
                } else {
                    out.splice(to..to, piece.iter().copied());
                }
            }
        }
        out
    }
}

/// The variant of an error (with the inner variant for a layer's rejection), for the counts.
fn kind(error: &MlpError) -> String {
    let debug = format!("{error:?}");
    let name = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_string()
    };
    match (error, debug.find("source: ")) {
        // The reader's message, numbers dropped: which check refused the bytes.
        (MlpError::Malformed { detail, .. }, _) => {
            let words: Vec<&str> = detail
                .split(':')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .filter(|w| w.chars().all(|c| c.is_ascii_alphabetic() || c == '/'))
                .filter(|w| !matches!(*w, "NaN" | "inf"))
                .collect();
            format!("Malformed/{}", words.join(" "))
        }
        (MlpError::FieldOutOfRange { field, .. }, _) => {
            let field: String = field.chars().filter(|c| !c.is_ascii_digit()).collect();
            format!("FieldOutOfRange/{}", field.replace("layer  ", "layer "))
        }
        (_, Some(at)) => format!("{}/{}", name(&debug), name(&debug[at + 8..])),
        (_, None) => name(&debug),
    }
}

#[derive(Default)]
struct Tally {
    unchanged: usize,
    by_reader: BTreeMap<String, usize>,
    by_verifier: BTreeMap<String, usize>,
    by_mutation: BTreeMap<Mutation, usize>,
    /// The largest decode peak, and the largest as a share of its bound.
    largest_peak: usize,
    largest_share_of_bound: f64,
}

impl Tally {
    fn print(&self, what: &str, total: usize, elapsed: std::time::Duration) {
        let sum = |m: &BTreeMap<String, usize>| m.values().sum::<usize>();
        eprintln!(
            "{what}: {total} mutations in {elapsed:.1?}: {} unchanged (skipped), {} rejected by \
             the reader, {} by the verifier; largest decode peak {} bytes, {:.0}% of its bound",
            self.unchanged,
            sum(&self.by_reader),
            sum(&self.by_verifier),
            self.largest_peak,
            100.0 * self.largest_share_of_bound
        );
        eprintln!("  mutations: {:?}", self.by_mutation);
        eprintln!("  reader errors: {:?}", self.by_reader);
        eprintln!("  verifier errors: {:?}", self.by_verifier);
    }
}

/// Mutates `original` `count` times, decodes each under the allocation bound and rejects what
/// decodes with `reject_decoded`.
fn run<T>(
    what: &str,
    count: usize,
    mut mutator: Mutator<'_>,
    decode: impl Fn(&[u8]) -> Result<T, MlpError>,
    reject_decoded: impl Fn(&T) -> Result<(), MlpError>,
) -> Tally {
    let start = Instant::now();
    let mut tally = Tally::default();
    eprintln!(
        "{what}: {} bytes, {} candidate length fields",
        mutator.original.len(),
        mutator.lengths.len()
    );
    for i in 0..count {
        let mutation = MUTATIONS[i % MUTATIONS.len()];
        let bytes = mutator.mutate(mutation);
        *tally.by_mutation.entry(mutation).or_default() += 1;
        if bytes == mutator.original {
            tally.unchanged += 1;
            continue;
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let (decoded, peak) = measured(|| decode(&bytes));
            (decoded.map(|d| reject_decoded(&d)), peak)
        }));
        let Ok((outcome, peak)) = outcome else {
            panic!("{what} mutation {i} ({mutation:?}) panicked: {bytes:02x?}");
        };
        assert!(
            peak <= allocation_bound(bytes.len()),
            "{what} mutation {i} ({mutation:?}): decoding {} bytes allocated {peak}",
            bytes.len()
        );
        let share = peak as f64 / allocation_bound(bytes.len()) as f64;
        tally.largest_peak = tally.largest_peak.max(peak);
        tally.largest_share_of_bound = tally.largest_share_of_bound.max(share);
        let (map, error) = match outcome {
            Err(e) => (&mut tally.by_reader, e),
            Ok(Err(e)) => (&mut tally.by_verifier, e),
            Ok(Ok(())) => panic!("{what} mutation {i} ({mutation:?}) was accepted: {bytes:02x?}"),
        };
        *map.entry(kind(&error)).or_default() += 1;
    }
    tally.print(what, count, start.elapsed());
    tally
}

#[test]
fn mutated_proofs_and_commitments_are_rejected_without_panics_or_large_allocations() {
    // The counter sees allocations: a reader that trusted a length would fail the bound.
    let (_, peak) = measured(|| Vec::<u8>::with_capacity(1 << 20));
    assert!(peak > allocation_bound(1 << 12));

    let case = Case::tiny();
    let proof = InferenceProof::from_bytes(&case.proof_bytes).unwrap();
    assert_eq!(case.verify(&case.commitment, &proof), Ok(()));
    // Another valid proof and commitment of the same shapes, for splices.
    let other = Case::tiny_other();

    let proofs = run(
        "proof",
        PROOF_MUTATIONS,
        Mutator {
            original: &case.proof_bytes,
            other: &other.proof_bytes,
            lengths: length_fields(&case.proof_bytes),
            rng: StdRng::seed_from_u64(4),
        },
        InferenceProof::from_bytes,
        |p| case.verify(&case.commitment, p),
    );
    let commitments = run(
        "commitment",
        COMMITMENT_MUTATIONS,
        Mutator {
            original: &case.commitment_bytes,
            other: &other.commitment_bytes,
            lengths: length_fields(&case.commitment_bytes),
            rng: StdRng::seed_from_u64(5),
        },
        ModelCommitment::from_bytes,
        |c| case.verify(c, &proof),
    );
    // Most mutations must reach past the reader's first checks: the mix exercises the verifier.
    assert!(proofs.by_verifier.values().sum::<usize>() > PROOF_MUTATIONS / 10);
    assert!(commitments.by_verifier.values().sum::<usize>() > 0);
}
