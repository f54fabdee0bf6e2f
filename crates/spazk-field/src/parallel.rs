//! Loops written once: with the `parallel` feature they run on rayon's pool, without it in order
//! on the calling thread. Every other crate writes its parallel loops through these, so no loop
//! body is written twice behind `#[cfg(feature = "parallel")]`.
//!
//! Two kinds of piece size:
//! * `chunk_len` (the `*_chunk*` functions): the work is cut into pieces of exactly `chunk_len`
//!   items (the last may be shorter), the same pieces with and without the feature, and each
//!   piece is one call of the loop body. An input of at most `chunk_len` items is one call on
//!   this thread.
//! * `min_len` (the element-wise functions): the fewest items worth handing to a thread; an input
//!   shorter than `2·min_len` cannot be split and runs on this thread, a longer one is split into
//!   pieces of at least `min_len`.
//!
//! Small inputs thus never touch the pool: several callers measured a size below which a
//! parallel pass is slower than a plain loop, and pass it as the piece size. Results do not
//! depend on how the work was split (every reduction here is exact field or group arithmetic),
//! so proofs are the same bytes on any number of threads.

use core::ops::Range;
#[cfg(feature = "parallel")]
use rayon::prelude::*;

/// How many threads the loops here may use: the size of rayon's pool, or 1 without the
/// `parallel` feature.
pub fn current_num_threads() -> usize {
    #[cfg(feature = "parallel")]
    return rayon::current_num_threads();
    #[cfg(not(feature = "parallel"))]
    1
}

/// Runs `a` and `b` (on two threads when one is free) and returns both results.
pub fn join<RA: Send, RB: Send>(
    a: impl FnOnce() -> RA + Send,
    b: impl FnOnce() -> RB + Send,
) -> (RA, RB) {
    #[cfg(feature = "parallel")]
    return rayon::join(a, b);
    #[cfg(not(feature = "parallel"))]
    (a(), b())
}

/// Whether an element-wise loop over `len` items with pieces of at least `min_len` may split.
#[cfg(feature = "parallel")]
fn splits(len: usize, min_len: usize) -> bool {
    len >= min_len.max(1).saturating_mul(2)
}

/// `f(i)` for every `i < len`, in order (pieces of at least `min_len` items).
// Without the feature nothing splits, so `min_len` goes unread.
#[cfg_attr(not(feature = "parallel"), allow(unused_variables))]
pub fn map_collect<T: Send>(
    len: usize,
    min_len: usize,
    f: impl Fn(usize) -> T + Sync + Send,
) -> Vec<T> {
    #[cfg(feature = "parallel")]
    if splits(len, min_len) {
        return (0..len)
            .into_par_iter()
            .with_min_len(min_len)
            .map(f)
            .collect();
    }
    (0..len).map(f).collect()
}

/// Appends `f(i)` for every `i` in `range` to `out`, in order (pieces of at least `min_len`
/// items).
// Without the feature nothing splits, so `min_len` goes unread.
#[cfg_attr(not(feature = "parallel"), allow(unused_variables))]
pub fn extend_map<T: Send>(
    out: &mut Vec<T>,
    range: Range<usize>,
    min_len: usize,
    f: impl Fn(usize) -> T + Sync + Send,
) {
    #[cfg(feature = "parallel")]
    if splits(range.len(), min_len) {
        out.par_extend(range.into_par_iter().with_min_len(min_len).map(f));
        return;
    }
    out.extend(range.map(f));
}

/// Replaces the contents of `firsts` and `seconds` by the two halves of `f(i)` for every
/// `i < len`, in order (pieces of at least `min_len` items). Their memory is reused.
// Without the feature nothing splits, so `min_len` goes unread.
#[cfg_attr(not(feature = "parallel"), allow(unused_variables))]
pub fn unzip_into<A: Send, B: Send>(
    len: usize,
    min_len: usize,
    f: impl Fn(usize) -> (A, B) + Sync + Send,
    firsts: &mut Vec<A>,
    seconds: &mut Vec<B>,
) {
    #[cfg(feature = "parallel")]
    if splits(len, min_len) {
        (0..len)
            .into_par_iter()
            .with_min_len(min_len)
            .map(f)
            .unzip_into_vecs(firsts, seconds);
        return;
    }
    firsts.clear();
    seconds.clear();
    firsts.reserve(len);
    seconds.reserve(len);
    for (a, b) in (0..len).map(f) {
        firsts.push(a);
        seconds.push(b);
    }
}

/// Calls `f(offset, chunk)` for every piece of `chunk_len` consecutive items of `items`
/// (`offset` is the index of the piece's first item).
pub fn for_each_chunk_mut<T: Send>(
    items: &mut [T],
    chunk_len: usize,
    f: impl Fn(usize, &mut [T]) + Sync + Send,
) {
    let chunk_len = chunk_len.max(1);
    if items.len() <= chunk_len {
        return f(0, items);
    }
    #[cfg(feature = "parallel")]
    let chunks = items.par_chunks_mut(chunk_len);
    #[cfg(not(feature = "parallel"))]
    let chunks = items.chunks_mut(chunk_len);
    chunks
        .enumerate()
        .for_each(|(i, chunk)| f(i * chunk_len, chunk));
}

/// Calls `f(a_chunk, b_chunk)` for every pair of matching pieces of `chunk_len` items of `a`
/// and `b`: two tables of one length updated together.
pub fn for_each_chunk_pair_mut<T: Send, U: Send>(
    a: &mut [T],
    b: &mut [U],
    chunk_len: usize,
    f: impl Fn(&mut [T], &mut [U]) + Sync + Send,
) {
    debug_assert_eq!(a.len(), b.len(), "tables of different lengths");
    let chunk_len = chunk_len.max(1);
    if a.len() <= chunk_len {
        return f(a, b);
    }
    #[cfg(feature = "parallel")]
    let pairs = a.par_chunks_mut(chunk_len).zip(b.par_chunks_mut(chunk_len));
    #[cfg(not(feature = "parallel"))]
    let pairs = a.chunks_mut(chunk_len).zip(b.chunks_mut(chunk_len));
    pairs.for_each(|(a, b)| f(a, b));
}

/// `f` over the pieces `0..len` cut into ranges of `chunk_len`, combined by `combine`
/// (`identity` is its neutral element). An input of at most `chunk_len` items is one call
/// `f(0..len)`.
pub fn reduce_chunks<T: Send>(
    len: usize,
    chunk_len: usize,
    f: impl Fn(Range<usize>) -> T + Sync + Send,
    identity: impl Fn() -> T + Sync + Send,
    combine: impl Fn(T, T) -> T + Sync + Send,
) -> T {
    let chunk_len = chunk_len.max(1);
    if len <= chunk_len {
        return f(0..len);
    }
    let piece = |c: usize| f(c * chunk_len..((c + 1) * chunk_len).min(len));
    #[cfg(feature = "parallel")]
    return (0..len.div_ceil(chunk_len))
        .into_par_iter()
        .map(piece)
        .reduce(identity, combine);
    #[cfg(not(feature = "parallel"))]
    (0..len.div_ceil(chunk_len))
        .map(piece)
        .reduce(combine)
        .unwrap_or_else(identity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_every_item_once_in_order() {
        for (len, piece) in [(0, 4), (1, 4), (4, 4), (5, 4), (1000, 7), (1000, 1), (9, 0)] {
            let expected: Vec<usize> = (0..len).map(|i| i * 3).collect();
            assert_eq!(map_collect(len, piece, |i| i * 3), expected);

            let mut out = vec![7];
            extend_map(&mut out, 2..len + 2, piece, |i| i * 3 - 6);
            assert_eq!(out[0], 7);
            assert_eq!(out[1..], expected[..]);

            let (mut a, mut b) = (vec![1, 2], vec![3]);
            unzip_into(len, piece, |i| (i, i * 3), &mut a, &mut b);
            assert_eq!(a, (0..len).collect::<Vec<_>>());
            assert_eq!(b, expected);

            let mut items = vec![0; len];
            for_each_chunk_mut(&mut items, piece, |offset, chunk| {
                for (i, x) in chunk.iter_mut().enumerate() {
                    *x = (offset + i) * 3;
                }
            });
            assert_eq!(items, expected);

            let (mut x, mut y) = (vec![1usize; len], vec![0usize; len]);
            for_each_chunk_pair_mut(&mut x, &mut y, piece, |x, y| {
                for (x, y) in x.iter_mut().zip(y) {
                    *y = *x + 1;
                    *x = 0;
                }
            });
            assert!(x.iter().all(|v| *v == 0) && y.iter().all(|v| *v == 2));

            let sum = reduce_chunks(len, piece, |r| r.map(|i| i * 3).sum(), || 0, |a, b| a + b);
            assert_eq!(sum, expected.iter().sum::<usize>());
        }
        assert_eq!(join(|| 1, || 2), (1, 2));
        assert!(current_num_threads() >= 1);
    }
}
