//! Mapping a header row onto the canonical fields (F003, F004).

use crate::field::Field;
use crate::lang::Lang;
use crate::model::{Cell, RawRow, Source};
use crate::rules::file::{self, Fatal};
use crate::schema::{annotation_column, header_key, InputSchema};

/// What one column of an input holds, by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A canonical field (the header is its name or one of its aliases).
    Field(Field),
    /// An unknown column, kept for `rejected.csv` (index into `extra_names`).
    Extra(usize),
    /// A column vov-bulk wrote itself into `rejected.csv` (codes, meldingen).
    Annotation,
    /// The `bron` column of a fed-back `rejected.csv`: the row's origin.
    Origin,
}

/// An input's header, mapped: for every column, what it holds.
#[derive(Debug, Clone)]
pub struct HeaderMap {
    /// The header cells as read, one per column.
    pub headers: Vec<String>,
    /// What each column holds, in the same order as `headers`.
    pub targets: Vec<Target>,
    /// The names the unknown columns get in `rejected.csv`, in order: the
    /// header trimmed, `kolom_N` for a blank one, `name (2)` for a repeated one.
    pub extra_names: Vec<String>,
}

impl HeaderMap {
    /// Maps `headers` onto the fields of `schema`, naming `file` in errors.
    /// Fails with F004 when two columns name the same field, and with F003 when
    /// a required field has no column (suggesting the closest header).
    pub fn new(headers: Vec<String>, schema: &InputSchema, file: &str, lang: Lang) -> Result<HeaderMap, Fatal> {
        let mut targets = Vec::with_capacity(headers.len());
        let mut extra_names = Vec::new();
        let mut seen: Vec<Option<usize>> = vec![None; Field::COUNT];
        for (column, header) in headers.iter().enumerate() {
            let target = match schema.field_for_header(header) {
                Some(field) => {
                    if let Some(first) = seen[field.index()] {
                        let first_header = headers.get(first).map(String::as_str).unwrap_or_default();
                        return Err(file::ambiguous_column(file, field.name(), first_header, header, lang));
                    }
                    seen[field.index()] = Some(column);
                    Target::Field(field)
                }
                // The columns vov-bulk adds, by their name in rejected.csv or
                // their header in rejected.xlsx in any language.
                None if annotation_column(header) == Some(0) => Target::Origin,
                None if annotation_column(header).is_some() => Target::Annotation,
                None => {
                    let base = if header.trim().is_empty() {
                        format!("kolom_{}", column + 1)
                    } else {
                        header.trim().to_string()
                    };
                    // Two unknown columns of one name stay two columns in
                    // rejected.csv: the second is named `name (2)`.
                    let mut name = base.clone();
                    let mut nth = 1;
                    while extra_names.contains(&name) {
                        nth += 1;
                        name = format!("{base} ({nth})");
                    }
                    extra_names.push(name);
                    Target::Extra(extra_names.len() - 1)
                }
            };
            targets.push(target);
        }
        let mut missing = schema
            .fields
            .iter()
            .filter(|f| f.required && seen[f.field.index()].is_none())
            .peekable();
        if missing.peek().is_some() {
            // The field each unmapped header is closest to, computed once per
            // header (not once per missing field): a header of thousands of
            // unknown columns must not make F003 slow.
            // A header whose key is over twice as long as every name cannot
            // be close to one (the suggestion needs a normalised Levenshtein
            // similarity of 0.5), so it is not compared at all.
            let longest = schema
                .fields
                .iter()
                .flat_map(|f| f.names.iter())
                .map(|n| header_key(n).chars().count())
                .max()
                .unwrap_or(0);
            let unmapped: Vec<&String> = headers
                .iter()
                .zip(&targets)
                .filter(|(_, t)| matches!(t, Target::Extra(_)))
                .filter(|(h, _)| header_key(h).chars().count() <= 2 * longest)
                .map(|(h, _)| h)
                .collect();
            let missing: Vec<&crate::schema::InputField> = missing.collect();
            // Each unmapped header suggested for one missing field at most,
            // the closest pairs first: `Naam` and `Voornaam` both missing and
            // one header `Naam medewerker` is suggested for one of them only.
            let mut pairs: Vec<(usize, &String, f64)> = Vec::new();
            for (i, f) in missing.iter().enumerate() {
                for h in &unmapped {
                    if let Some((_, score)) = schema
                        .closest_field(h, |field| field == f.field)
                        .filter(|(_, score)| *score >= 0.5)
                    {
                        pairs.push((i, *h, score));
                    }
                }
            }
            // Stable: among equal scores, the first header in header order.
            pairs.sort_by(|a, b| b.2.total_cmp(&a.2));
            let mut closest: Vec<Option<String>> = vec![None; missing.len()];
            let mut used: Vec<&String> = Vec::new();
            for (i, h, _) in pairs {
                if closest[i].is_none() && !used.contains(&h) {
                    closest[i] = Some(h.clone());
                    used.push(h);
                }
            }
            let missing: Vec<(String, Option<String>)> = missing
                .iter()
                .zip(closest)
                // Else the field's first alias.
                .map(|(f, closest)| (f.field.name().to_string(), closest.or_else(|| f.names.get(1).cloned())))
                .collect();
            return Err(file::missing_columns(file, &missing, &headers, lang));
        }
        let mut map = HeaderMap {
            headers,
            targets,
            extra_names,
        };
        if map.is_fed_back() {
            for name in &mut map.extra_names {
                if let Cell::Text(plain) = unneutralise(Cell::Text(name)) {
                    *name = plain.to_string();
                }
            }
        }
        Ok(map)
    }

    /// The number of columns in the header.
    pub fn width(&self) -> usize {
        self.targets.len()
    }

    /// Distributes the cells of one record over the canonical fields and the
    /// extra columns; cells beyond the header are dropped, missing ones empty.
    pub fn row<'c>(&self, cells: impl IntoIterator<Item = Cell<'c>>, source: Source) -> RawRow {
        self.row_with_capacity(cells, 0, source)
    }

    /// As [`HeaderMap::row`]; `text_len`, the cells' total text length, sizes
    /// the row's text buffer once.
    pub fn row_with_capacity<'c>(
        &self,
        cells: impl IntoIterator<Item = Cell<'c>>,
        text_len: usize,
        source: Source,
    ) -> RawRow {
        let mut row = RawRow::new(source, self.extra_names.len(), text_len);
        let fed_back = self.is_fed_back();
        for (cell, target) in cells.into_iter().zip(&self.targets) {
            let cell = if fed_back { unneutralise(cell) } else { cell };
            match target {
                Target::Field(f) => row.set(*f, cell),
                Target::Extra(i) => row.set_extra(*i, cell),
                Target::Origin => row.set_origin(cell),
                Target::Annotation => {}
            }
        }
        row
    }

    /// Whether this is a `rejected.csv` fed back (it has the `bron` column
    /// vov-bulk added): its cells may carry the anti-formula `'`.
    pub fn is_fed_back(&self) -> bool {
        self.targets.contains(&Target::Origin)
    }

    /// Where in the header a field sits (0-based column), for messages.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.targets.iter().position(|t| *t == Target::Field(field))
    }
}

/// Takes off the `'` that `rejected.csv` puts before a cell starting with a
/// formula character (see `writer::neutralise_formula`), so that a fed-back
/// row types as the original did.
pub fn unneutralise(cell: Cell<'_>) -> Cell<'_> {
    match cell {
        Cell::Text(text) => match text.strip_prefix('\'') {
            Some(rest) if rest.starts_with(crate::values::FORMULA_TRIGGERS) => Cell::Text(rest),
            _ => Cell::Text(text),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    const COMPLETE: &[&str] = &[
        "KBO",
        "INSZ",
        "Naam",
        "Voornaam",
        "ODB",
        "Aantal uren",
        "Start",
        "Einde",
    ];

    #[test]
    fn maps_aliases_and_keeps_extras() {
        let mut names = COMPLETE.to_vec();
        names.push("Opmerking");
        names.push("meldingen");
        let map = HeaderMap::new(headers(&names), &InputSchema::builtin(), "a.csv", Lang::En).unwrap();
        assert_eq!(map.targets[0], Target::Field(Field::WerkgeverKbo));
        assert_eq!(map.targets[8], Target::Extra(0));
        assert_eq!(map.targets[9], Target::Annotation);
        assert_eq!(map.extra_names, vec!["Opmerking"]);
    }

    #[test]
    fn f003_suggests_one_header_for_one_field_only() {
        let names: Vec<&str> = COMPLETE
            .iter()
            .copied()
            .filter(|h| *h != "Naam" && *h != "Voornaam")
            .chain(["Naam en voornaam"])
            .collect();
        let err = HeaderMap::new(headers(&names), &InputSchema::builtin(), "a.csv", Lang::En).unwrap_err();
        assert_eq!(err.code, "F003");
        assert!(err.message.contains("werknemer_naam") && err.message.contains("werknemer_voornaam"));
        assert_eq!(
            err.message.matches("did you mean 'Naam en voornaam'").count(),
            1,
            "{}",
            err.message
        );
        assert!(err.help.contains("--map FIELD=HEADER"), "{}", err.help);
    }

    #[test]
    fn missing_required_column_is_f003_with_headers_found() {
        let names: Vec<&str> = COMPLETE
            .iter()
            .copied()
            .filter(|h| *h != "ODB")
            .chain(["ODB nummr"])
            .collect();
        let err = HeaderMap::new(headers(&names), &InputSchema::builtin(), "a.csv", Lang::En).unwrap_err();
        assert_eq!(err.code, "F003");
        assert!(err.message.contains("odb_nummer"), "{}", err.message);
        assert!(err.message.contains("'ODB nummr'"), "{}", err.message);
        assert!(err.message.contains("did you mean 'ODB nummr'"), "{}", err.message);
    }

    #[test]
    fn f003_with_thousands_of_unknown_and_huge_headers_still_suggests() {
        // A required field missing, 2,000 unknown headers (some of them 100 KB
        // long) and one near miss at the end: the hint still finds it, and the
        // search stays fast enough for a test in debug.
        let mut names: Vec<String> = COMPLETE
            .iter()
            .filter(|h| **h != "ODB")
            .map(|h| h.to_string())
            .collect();
        names.extend((0..2_000).map(|i| format!("x{i}")));
        names.extend((0..5).map(|_| "y".repeat(100_000)));
        names.push("ODB nummr".to_string());
        let start = std::time::Instant::now();
        let err = HeaderMap::new(names, &InputSchema::builtin(), "a.csv", Lang::En).unwrap_err();
        assert_eq!(err.code, "F003");
        assert!(
            err.message.contains("did you mean 'ODB nummr'"),
            "{}",
            &err.message[..200]
        );
        assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    }

    #[test]
    fn two_headers_for_one_field_is_f004() {
        let mut names = COMPLETE.to_vec();
        names.push("Ondernemingsnummer");
        let err = HeaderMap::new(headers(&names), &InputSchema::builtin(), "a.csv", Lang::En).unwrap_err();
        assert_eq!(err.code, "F004");
        assert!(err.message.contains("'KBO'") && err.message.contains("'Ondernemingsnummer'"));
    }
}
