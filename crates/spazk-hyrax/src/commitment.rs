//! Commitments and the value-aware ways to compute them.

use crate::batch_affine::{rows_by_block, signed_generator_sums};
use crate::bit_planes::{commit_bit_plane_rows, BitPlanePlan};
use crate::error::HyraxError;
use crate::layout::Layout;
use crate::params::HyraxParams;
use crate::protocol::label;
use crate::small_scalar::commit_u16_rows;
use ark_bn254::{Fr, G1Affine, G1Projective};
use ark_ec::{AffineRepr, CurveGroup, VariableBaseMSM};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_field::parallel::map_collect;
use spazk_matrix::{DenseMatrix, Matrix, MatrixShape, SparseMatrix, TernaryMatrix};
use spazk_transcript::Transcript;

/// A Hyrax commitment: one G1 point per row of the layout, the layout, and the digest of the
/// generator seed.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct HyraxCommitment {
    /// How the committed table is laid out.
    pub layout: Layout,
    /// Digest of the seed of the generators used.
    pub seed: [u8; 32],
    /// `C_i = Σ_j Z[i][j]·G_j`.
    pub rows: Vec<G1Affine>,
}

impl HyraxCommitment {
    fn from_projective(layout: Layout, params: &HyraxParams, rows: Vec<G1Projective>) -> Self {
        Self {
            layout,
            seed: params.seed(),
            rows: G1Projective::normalize_batch(&rows),
        }
    }

    /// BLAKE3 digest of the encoding (layout, seed, rows): what users publish and what
    /// transcripts absorb.
    pub fn digest(&self) -> [u8; 32] {
        *blake3::Hasher::new_derive_key("spazk-hyrax commitment v1")
            .update(&self.to_bytes())
            .finalize()
            .as_bytes()
    }

    /// Absorbs the commitment's digest and layout.
    pub fn absorb_into(&self, label: &[u8], transcript: &mut Transcript) {
        transcript.append_u64(label::ROW_VARS, self.layout.row_vars as u64);
        transcript.append_u64(label::COL_VARS, self.layout.col_vars as u64);
        transcript.append_bytes(label, &self.digest());
    }

    /// Compressed encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        spazk_sumcheck::engine::encode_proof(self)
    }

    /// Decodes and validates a commitment: points on the curve, a supported layout, exactly
    /// `R` rows, no trailing bytes, and the canonical encoding only. Points are read one at a
    /// time, so a hostile length cannot allocate beyond the input.
    ///
    /// Canonical: arkworks reads a compressed identity point from its flag bit alone and ignores
    /// the 254 bits of x beside it, so the same commitment had many encodings (and a digest
    /// over the re-encoding did not name the file). Re-encoding and comparing closes that and
    /// any other ignored bit, for one serialization (no second decompression).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, HyraxError> {
        let commitment: Self = decode_compressed(bytes)?;
        commitment.check_shape()?;
        require_canonical(bytes, &commitment)?;
        Ok(commitment)
    }

    /// The first row at or after `start` that is not the identity, i.e. may hold a nonzero
    /// entry (a row of zeros commits to the identity).
    pub fn first_nonzero_row(&self, start: usize) -> Option<usize> {
        let rest = self.rows.get(start..)?;
        rest.iter().position(|c| !c.is_zero()).map(|i| start + i)
    }

    /// Checks the layout is supported and the row count matches it.
    pub fn check_shape(&self) -> Result<(), HyraxError> {
        let Layout { row_vars, col_vars } = self.layout;
        if !self.layout.is_supported() {
            return Err(HyraxError::UnsupportedLayout { row_vars, col_vars });
        }
        if self.rows.len() != self.layout.rows() {
            return Err(HyraxError::WrongRowCount {
                expected: self.layout.rows(),
                found: self.rows.len(),
            });
        }
        Ok(())
    }
}

/// The first offset where `a` and `b` differ (or where the shorter ends), `None` if equal.
pub fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .or((a.len() != b.len()).then(|| a.len().min(b.len())))
}

/// Decodes a compressed `T` that fills `bytes` exactly (points validated, no trailing bytes);
/// the caller checks its shape, then [`require_canonical`].
pub(crate) fn decode_compressed<T: CanonicalDeserialize>(bytes: &[u8]) -> Result<T, HyraxError> {
    let mut reader = bytes;
    let value =
        T::deserialize_compressed(&mut reader).map_err(|e| HyraxError::Malformed(e.to_string()))?;
    if !reader.is_empty() {
        return Err(HyraxError::Malformed(format!(
            "{} trailing bytes",
            reader.len()
        )));
    }
    Ok(value)
}

/// `bytes` are `value`'s one canonical encoding (see [`HyraxCommitment::from_bytes`]).
pub(crate) fn require_canonical<T: CanonicalSerialize>(
    bytes: &[u8],
    value: &T,
) -> Result<(), HyraxError> {
    match first_difference(bytes, &spazk_sumcheck::engine::encode_proof(value)) {
        Some(offset) => Err(HyraxError::NonCanonical { offset }),
        None => Ok(()),
    }
}

/// Points per batch-affine block (about 1 MiB of affine points).
const BATCH_AFFINE_BLOCK_POINTS: usize = 1 << 14;

/// Data that can be committed; the implementation picks the cheapest path for the data's type.
pub trait Commit {
    /// Commits under `layout` with `params`' generators.
    fn commit(&self, params: &HyraxParams, layout: Layout) -> Result<HyraxCommitment, HyraxError>;
}

fn check_layout(layout: Layout, params: &HyraxParams, len: usize) -> Result<(), HyraxError> {
    if !layout.is_supported() {
        return Err(HyraxError::UnsupportedLayout {
            row_vars: layout.row_vars,
            col_vars: layout.col_vars,
        });
    }
    params.first(layout.cols())?;
    let capacity = layout.rows() * layout.cols();
    if len > capacity {
        return Err(HyraxError::DataTooLarge {
            found: len,
            capacity,
        });
    }
    Ok(())
}

/// The generators of a matrix of `shape` committed under `layout` (one per column of the
/// layout) and the layout's split `h` ([`Layout::matrix_split`]): the layout must lay out the
/// matrix's padded table, its natural layout ([`Layout::of_matrix`], `h = 0`) or a narrower one
/// such as [`Layout::hiding_matrix`], where matrix row `y` is the `2^h` Hyrax rows
/// `y·2^h + (x >> col_vars)`.
fn matrix_generators(
    shape: MatrixShape,
    params: &HyraxParams,
    layout: Layout,
) -> Result<(&[G1Affine], u32), HyraxError> {
    let split = layout
        .matrix_split(shape)
        .ok_or(HyraxError::LayoutMismatch)?;
    check_layout(layout, params, 0)?;
    Ok((params.first(layout.cols())?, split))
}

/// The Hyrax row of matrix entry `(y, x)` under a layout of split `split` and `col_vars`
/// columns ([`Layout::matrix_split`]); its column is `x mod 2^col_vars`.
fn hyrax_row(y: usize, x: usize, split: u32, col_vars: u32) -> usize {
    (y << split) | (x >> col_vars)
}

/// Commits row by row with `commit_row` (rows past the data are the identity).
fn commit_rows<T: Sync>(
    values: &[T],
    params: &HyraxParams,
    layout: Layout,
    commit_row: impl Fn(&[G1Affine], &[T]) -> G1Projective + Sync + Send,
) -> Result<HyraxCommitment, HyraxError> {
    check_layout(layout, params, values.len())?;
    let generators = params.first(layout.cols())?;
    let row = |i: usize| {
        let start = (i * layout.cols()).min(values.len());
        let end = ((i + 1) * layout.cols()).min(values.len());
        commit_row(generators, &values[start..end])
    };
    let rows = map_collect(layout.rows(), 1, row);
    Ok(HyraxCommitment::from_projective(layout, params, rows))
}

/// Full field elements: the general MSM.
impl Commit for [Fr] {
    fn commit(&self, params: &HyraxParams, layout: Layout) -> Result<HyraxCommitment, HyraxError> {
        commit_rows(self, params, layout, |g, row| {
            G1Projective::msm(&g[..row.len()], row).expect("equal lengths")
        })
    }
}

/// Rows of unsigned values by the cheaper of two batch-affine methods, each estimate counting
/// group additions: bit planes over shared subset sums of the generators (`bit_planes`: many
/// rows amortize the tables; at least four times cheaper than a per-row small-scalar MSM at any
/// width), or byte buckets per row (`small_scalar`: a few long rows of values below `2^16`).
fn small_unsigned_rows<T: Copy + Into<u64> + Sync>(
    generators: &[G1Affine],
    values: &[T],
    rows: usize,
) -> Vec<G1Projective> {
    let largest = values.iter().map(|v| (*v).into()).max().unwrap_or(0);
    let planes = u64::BITS - largest.leading_zeros();
    let plan = BitPlanePlan::choose(rows, generators.len(), planes);
    if planes <= 16 {
        let nonzero_bytes: usize = values
            .iter()
            .map(|v| {
                let v: u64 = (*v).into();
                usize::from(v & 0xff != 0) + usize::from(v >> 8 != 0)
            })
            .sum();
        // Each row weights its 255 buckets with 480 batch-affine and 60 projective additions.
        let byte_buckets = nonzero_bytes + rows * (480 + 2 * 60);
        if byte_buckets < plan.additions {
            return commit_u16_rows(generators, values, rows);
        }
    }
    commit_bit_plane_rows(generators, values, rows, plan)
}

/// `Commit` for slices of unsigned values through [`small_unsigned_rows`], one implementation
/// for each type: `u16` (two to three times as fast as one `msm_u16` per row), `u8`
/// (activations, limbs, bits: byte buckets measured about 3× faster than `msm_u8` row by row on
/// 256-column rows) and `u32` (lookup multiplicities, mostly small: the bit planes skip the
/// planes above the largest value).
macro_rules! commit_small_unsigned {
    ($($t:ty),*) => {$(
        impl Commit for [$t] {
            fn commit(
                &self,
                params: &HyraxParams,
                layout: Layout,
            ) -> Result<HyraxCommitment, HyraxError> {
                check_layout(layout, params, self.len())?;
                let rows = small_unsigned_rows(params.first(layout.cols())?, self, layout.rows());
                Ok(HyraxCommitment::from_projective(layout, params, rows))
            }
        }
    )*};
}

commit_small_unsigned!(u16, u8, u32);

/// Signed 32-bit values: the positive part minus the negative part, each through
/// [`small_unsigned_rows`].
impl Commit for [i32] {
    fn commit(&self, params: &HyraxParams, layout: Layout) -> Result<HyraxCommitment, HyraxError> {
        check_layout(layout, params, self.len())?;
        let generators = params.first(layout.cols())?;
        let positive: Vec<u32> = self.iter().map(|v| (*v).max(0) as u32).collect();
        let negative: Vec<u32> = self.iter().map(|v| v.min(&0).unsigned_abs()).collect();
        let rows = small_unsigned_rows(generators, &positive, layout.rows())
            .into_iter()
            .zip(small_unsigned_rows(generators, &negative, layout.rows()))
            .map(|(p, n)| p - n)
            .collect();
        Ok(HyraxCommitment::from_projective(layout, params, rows))
    }
}

/// Ternary matrices under their natural layout ([`Layout::of_matrix`]) or a narrower one that
/// lays out the same table ([`Layout::hiding_matrix`]): each Hyrax row is a sum and difference
/// of generators, added in batch-affine form from the index lists. O(nnz) group additions
/// whatever the layout (a narrow layout splits each matrix row into `2^h` Hyrax rows by column
/// range); the matrix is never densified.
impl Commit for TernaryMatrix {
    fn commit(&self, params: &HyraxParams, layout: Layout) -> Result<HyraxCommitment, HyraxError> {
        let shape = self.shape();
        let (generators, split) = matrix_generators(shape, params, layout)?;
        let (low, column_mask) = (layout.col_vars, layout.cols() - 1);
        // The matrix is stored by column; the commitment wants Hyrax rows: transpose the index
        // lists (under the natural layout, `split = 0`, a Hyrax row is a matrix row and the
        // column is `x` itself).
        let mut starts = vec![0usize; layout.rows() + 1];
        for x in 0..shape.cols {
            for &y in self.plus_rows(x).iter().chain(self.minus_rows(x)) {
                starts[hyrax_row(y as usize, x, split, low) + 1] += 1;
            }
        }
        for y in 0..layout.rows() {
            starts[y + 1] += starts[y];
        }
        let mut fill = starts.clone();
        let mut entries = vec![(0u32, false); self.nnz()];
        for x in 0..shape.cols {
            for (rows, negative) in [(self.plus_rows(x), false), (self.minus_rows(x), true)] {
                for &y in rows {
                    let row = hyrax_row(y as usize, x, split, low);
                    entries[fill[row]] = ((x & column_mask) as u32, negative);
                    fill[row] += 1;
                }
            }
        }
        // Blocks of rows small enough that a block's points stay in cache while its
        // batch-affine tree is reduced; blocks are independent, so they also split across threads.
        let average = (self.nnz() / layout.rows()).max(1);
        let block = (BATCH_AFFINE_BLOCK_POINTS / average).clamp(1, layout.rows());
        let reduce_block = |first: usize| {
            let last = (first + block).min(layout.rows());
            let local: Vec<usize> = starts[first..=last]
                .iter()
                .map(|s| s - starts[first])
                .collect();
            signed_generator_sums(generators, &entries[starts[first]..starts[last]], &local)
        };
        let rows = rows_by_block(layout.rows(), block, reduce_block);
        Ok(HyraxCommitment::from_projective(layout, params, rows))
    }
}

/// Dense matrices under their natural layout or a narrower one ([`Layout::hiding_matrix`]):
/// one field MSM per Hyrax row, over the matrix row's columns that the Hyrax row holds.
impl Commit for DenseMatrix<Fr> {
    fn commit(&self, params: &HyraxParams, layout: Layout) -> Result<HyraxCommitment, HyraxError> {
        let shape = self.shape();
        let (generators, split) = matrix_generators(shape, params, layout)?;
        let entries = self.entries();
        // Hyrax row `i` holds columns `start..start + C` of matrix row `i >> split`, cut at the
        // matrix's real columns (`start = 0`, all of them, under the natural layout).
        let row = |i: usize| {
            let y = i >> split;
            let start = (i & ((1 << split) - 1)) << layout.col_vars;
            if y >= shape.rows || start >= shape.cols {
                return G1Projective::default();
            }
            let end = (start + layout.cols()).min(shape.cols);
            let offset = y * shape.cols;
            G1Projective::msm(
                &generators[..end - start],
                &entries[offset + start..offset + end],
            )
            .expect("equal lengths")
        };
        let rows = map_collect(layout.rows(), 1, row);
        Ok(HyraxCommitment::from_projective(layout, params, rows))
    }
}

/// Sparse matrices under their natural layout or a narrower one ([`Layout::hiding_matrix`]):
/// per Hyrax row, an MSM over its nonzero entries only.
impl Commit for SparseMatrix<Fr> {
    fn commit(&self, params: &HyraxParams, layout: Layout) -> Result<HyraxCommitment, HyraxError> {
        let shape = self.shape();
        let (generators, split) = matrix_generators(shape, params, layout)?;
        let (low, column_mask) = (layout.col_vars, layout.cols() - 1);
        let mut by_row: Vec<(Vec<G1Affine>, Vec<Fr>)> =
            vec![(Vec::new(), Vec::new()); layout.rows()];
        self.for_each_nonzero(&mut |y, x, v| {
            let row = &mut by_row[hyrax_row(y, x, split, low)];
            row.0.push(generators[x & column_mask]);
            row.1.push(v);
        });
        let rows = map_collect(by_row.len(), 1, |y| {
            let (bases, scalars) = &by_row[y];
            G1Projective::msm(bases, scalars).expect("equal lengths")
        });
        Ok(HyraxCommitment::from_projective(layout, params, rows))
    }
}
