//! The public statement of a lookup argument and the claims it hands on.

use crate::error::LookupError;
use crate::protocol::label;
use crate::table::{LookupTable, RangeTable};
use ark_bn254::Fr;
use spazk_transcript::Transcript;

/// The largest range table, `[0, 2^MAX_TABLE_BITS)`: the table side of the argument is
/// proved over `2^bits` entries, so wider ranges must be split into limbs.
pub const MAX_TABLE_BITS: u32 = 22;

/// The largest column, `2^MAX_ROW_VARS` rows.
pub const MAX_ROW_VARS: u32 = 30;

/// The largest number of columns in one argument.
pub const MAX_COLUMNS: usize = 1 << 10;

/// What a lookup argument proves: each of `columns` columns of `2^row_vars` entries lies in
/// `table` (each entry of a column is an index into the table). Shapes come from here, never
/// from the proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LookupStatement<T: LookupTable = RangeTable> {
    /// Number of witness columns.
    pub columns: usize,
    /// `log2` of the rows per column.
    pub row_vars: u32,
    /// The table.
    pub table: T,
}

impl<T: LookupTable> LookupStatement<T> {
    /// Checks the sizes against the limits.
    pub fn check(&self) -> Result<(), LookupError> {
        let bound = |what, expected: usize, found: usize| {
            if found > expected {
                Err(LookupError::Shape {
                    what,
                    expected,
                    found,
                })
            } else {
                Ok(())
            }
        };
        if self.columns == 0 {
            return Err(LookupError::Shape {
                what: "number of columns",
                expected: 1,
                found: 0,
            });
        }
        bound("number of columns", MAX_COLUMNS, self.columns)?;
        bound(
            "row variables",
            MAX_ROW_VARS as usize,
            self.row_vars as usize,
        )?;
        self.table.check()
    }

    /// `log2` of the table size.
    pub fn table_bits(&self) -> u32 {
        self.table.bits()
    }

    /// Variables of the column index (columns padded to a power of two).
    pub fn column_vars(&self) -> usize {
        spazk_field::log2_ceil(self.columns)
    }

    /// Variables of the witness leaves: rows, then columns.
    pub fn witness_vars(&self) -> usize {
        self.row_vars as usize + self.column_vars()
    }

    /// Witness leaves in padding columns (each contributes `1/1` to the witness sum).
    pub fn padding_leaves(&self) -> usize {
        ((1usize << self.column_vars()) - self.columns) << self.row_vars
    }

    /// Absorbs the shapes.
    pub fn absorb_into(&self, transcript: &mut Transcript) {
        transcript.append_u64(label::COLUMNS, self.columns as u64);
        transcript.append_u64(label::ROW_VARS, self.row_vars as u64);
        self.table.absorb_into(transcript);
    }
}

/// What a verified lookup argument leaves about its witness: `w̃_j(point) = values[j]` for every
/// column `j`, where `w_j(i) = T(idx_j(i))` is the table entry a row looks up (compressed with
/// `beta` for a tuple table). The caller checks these against the columns' commitments (one batched opening,
/// [`crate::verify_committed_range`]) or hands them to the layer that produced the columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnClaims {
    /// The row point, `row_vars` coordinates.
    pub point: Vec<Fr>,
    /// One value per column.
    pub values: Vec<Fr>,
    /// The challenge tuple entries are compressed with (zero for a range table).
    pub beta: Fr,
}
