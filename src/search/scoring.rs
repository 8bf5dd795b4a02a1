//! BM25F: how much a term says about a document, computed at build time so that a query only
//! adds numbers up.
//!
//! Each field's occurrences of the term are weighted and normalised by the field's length
//! relative to the average, summed into one pseudo-frequency `tf`, saturated and multiplied by
//! the term's rarity:
//!
//! ```text
//! tf    = Σ_field weight_f · count_f / (1 − b_f + b_f · length_f / average_length_f)
//! idf   = ln(1 + (N − df + 0.5) / (df + 0.5))
//! score = idf · tf · (k1 + 1) / (k1 + tf)
//! ```
//!
//! A title occurrence is worth fifteen in the body, so a page named for the term ranks above one
//! that mentions it often; saturation (`k1`) keeps a page that repeats a word from outranking
//! pages about it; `b` makes a hit in a short field count more than one in a long field.

/// The fields a term can occur in.
#[derive(Clone, Copy)]
pub enum Field {
    Title = 0,
    Heading = 1,
    /// Alert names, tags, services, regions and old addresses.
    Names = 2,
    Description = 3,
    Body = 4,
}

pub const FIELDS: usize = 5;

/// Per field: the weight of one occurrence, and how much the field's length matters.
const WEIGHT: [f64; FIELDS] = [15.0, 4.0, 8.0, 3.0, 1.0];
const LENGTH_MATTERS: [f64; FIELDS] = [0.5, 0.6, 0.5, 0.5, 0.75];
const SATURATION: f64 = 1.5;

/// Scores are stored as integers in hundredths.
pub const SCALE: f64 = 100.0;

/// Occurrence counts of one term in one document, per field (in halves: a part of an
/// identifier counts half).
pub type Counts = [u16; FIELDS];

/// Lengths of one document's fields, in halves as the counts.
pub type Lengths = [u32; FIELDS];

/// The averages the normalisation compares with.
pub struct Collection {
    pub documents: usize,
    average: [f64; FIELDS],
}

impl Collection {
    pub fn new(lengths: &[Lengths]) -> Collection {
        let mut average = [0.0; FIELDS];
        for doc in lengths {
            for (sum, &length) in average.iter_mut().zip(doc) {
                *sum += f64::from(length);
            }
        }
        let n = lengths.len().max(1) as f64;
        for value in &mut average {
            *value = (*value / n).max(1.0);
        }
        Collection {
            documents: lengths.len(),
            average,
        }
    }

    pub fn idf(&self, document_frequency: usize) -> f64 {
        let n = self.documents as f64;
        let df = document_frequency as f64;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The stored score of a term with `idf` in a document with these counts and lengths.
    pub fn score(&self, idf: f64, counts: &Counts, lengths: &Lengths) -> u32 {
        let mut tf = 0.0;
        for f in 0..FIELDS {
            if counts[f] == 0 {
                continue;
            }
            let relative = f64::from(lengths[f]) / self.average[f];
            let norm = 1.0 - LENGTH_MATTERS[f] + LENGTH_MATTERS[f] * relative;
            tf += WEIGHT[f] * f64::from(counts[f]) / 2.0 / norm;
        }
        let score = idf * tf * (SATURATION + 1.0) / (SATURATION + tf);
        ((score * SCALE).round() as u32).clamp(1, 99_999)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(field: Field, halves: u16) -> Counts {
        let mut c = [0; FIELDS];
        c[field as usize] = halves;
        c
    }

    #[test]
    fn a_title_outranks_many_mentions_and_rare_terms_count_more() {
        let lengths = [[4, 20, 4, 20, 1000]; 10];
        let collection = Collection::new(&lengths);
        let idf = collection.idf(2);
        let title = collection.score(idf, &counts(Field::Title, 2), &lengths[0]);
        let body = collection.score(idf, &counts(Field::Body, 10), &lengths[0]);
        let once = collection.score(idf, &counts(Field::Body, 2), &lengths[0]);
        assert!(title > body && body > once, "{title} {body} {once}");
        assert!(collection.idf(1) > collection.idf(9));
        // A longer body makes the same count worth less.
        let long = [4, 20, 4, 20, 5000];
        assert!(collection.score(idf, &counts(Field::Body, 2), &long) < once);
    }
}
