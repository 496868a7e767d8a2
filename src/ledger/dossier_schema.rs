//! The layout of a WSE-loket dossier overview (`schemas/dossiers.schema.json`,
//! or another one through `ledger import --schema FILE`).

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::error::LedgerError;
use crate::lang::{trf, Localized};
use crate::schema::header_key;

/// The built-in dossier overview schema (`vov-bulk schema dossiers`).
pub const BUILTIN_DOSSIER_SCHEMA: &str = include_str!("../../schemas/dossiers.schema.json");

/// A column of a dossier overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum DossierField {
    Dossiernummer,
    Ondernemingsnummer,
    Insz,
    Naam,
    Voornaam,
    OdbNummer,
    Startdatum,
    Einddatum,
    Status,
    Berekend,
    Reden,
}

impl DossierField {
    const ALL: [DossierField; 11] = [
        DossierField::Dossiernummer,
        DossierField::Ondernemingsnummer,
        DossierField::Insz,
        DossierField::Naam,
        DossierField::Voornaam,
        DossierField::OdbNummer,
        DossierField::Startdatum,
        DossierField::Einddatum,
        DossierField::Status,
        DossierField::Berekend,
        DossierField::Reden,
    ];

    /// The field's name in the schema.
    pub fn name(self) -> &'static str {
        match self {
            DossierField::Dossiernummer => "dossiernummer",
            DossierField::Ondernemingsnummer => "ondernemingsnummer",
            DossierField::Insz => "insz",
            DossierField::Naam => "naam",
            DossierField::Voornaam => "voornaam",
            DossierField::OdbNummer => "odb_nummer",
            DossierField::Startdatum => "startdatum",
            DossierField::Einddatum => "einddatum",
            DossierField::Status => "status",
            DossierField::Berekend => "berekend",
            DossierField::Reden => "reden",
        }
    }

    fn from_name(name: &str) -> Option<DossierField> {
        DossierField::ALL.into_iter().find(|f| f.name() == name)
    }
}

#[derive(Deserialize)]
struct RawSchema {
    fields: Vec<RawField>,
    #[serde(default)]
    replace: bool,
}

#[derive(Deserialize)]
struct RawField {
    name: String,
    #[serde(default)]
    constraints: RawConstraints,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize, Default)]
struct RawConstraints {
    #[serde(default)]
    required: bool,
}

/// One field as the schema declares it.
#[derive(Debug, Clone)]
struct FieldSpec {
    field: DossierField,
    required: bool,
    /// Header keys ([`header_key`]): the field's name first, then its aliases.
    keys: Vec<String>,
}

/// Maps the header of a dossier overview to its fields.
#[derive(Debug, Clone)]
pub(crate) struct DossierSchema {
    fields: Vec<FieldSpec>,
}

/// Where each field is in a header.
pub(crate) type Columns = HashMap<DossierField, usize>;

impl DossierSchema {
    /// The built-in schema, with the aliases of `extra` added (or, when it
    /// says `"replace": true`, `extra` alone).
    pub fn load(extra: Option<&Path>) -> Result<DossierSchema, LedgerError> {
        let builtin = parse(BUILTIN_DOSSIER_SCHEMA, Path::new("schemas/dossiers.schema.json"))?;
        let Some(path) = extra else {
            return Ok(DossierSchema { fields: builtin.0 });
        };
        let text = std::fs::read_to_string(path).map_err(|e| LedgerError::Schema {
            path: path.to_path_buf(),
            problem: Localized::new(|lang| {
                let reason = crate::os_error::reason(&e, lang);
                trf!(lang,
                    nl: "kan het niet lezen ({reason})",
                    fr: "impossible de le lire ({reason})",
                    en: "cannot read it ({reason})",
                )
            }),
        })?;
        let (given, replace) = parse(&text, path)?;
        if replace {
            return Ok(DossierSchema { fields: given });
        }
        let mut fields = builtin.0;
        for spec in given {
            match fields.iter_mut().find(|f| f.field == spec.field) {
                Some(known) => {
                    known.required = spec.required;
                    known.keys.extend(spec.keys);
                }
                None => fields.push(spec),
            }
        }
        Ok(DossierSchema { fields })
    }

    /// Where each field's column is: per field the header cell that matches
    /// its earliest name (so `Ondernemingsnummer` wins over `Werkgever`).
    pub fn columns(&self, header: &[String]) -> Columns {
        let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
        let mut used = vec![false; header.len()];
        let mut columns = Columns::new();
        for spec in &self.fields {
            let best = spec
                .keys
                .iter()
                .enumerate()
                .flat_map(|(rank, k)| {
                    keys.iter()
                        .enumerate()
                        .filter(move |(_, h)| *h == k)
                        .map(move |(i, _)| (rank, i))
                })
                .filter(|&(_, i)| !used[i])
                .min();
            if let Some((_, i)) = best {
                used[i] = true;
                columns.insert(spec.field, i);
            }
        }
        columns
    }

    /// The names of the required fields that `columns` lacks.
    pub fn missing(&self, columns: &Columns) -> Vec<&'static str> {
        self.fields
            .iter()
            .filter(|f| f.required && !columns.contains_key(&f.field))
            .map(|f| f.field.name())
            .collect()
    }

    /// The required fields' names, for messages.
    pub fn required_names(&self) -> String {
        let names: Vec<&str> = self
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.field.name())
            .collect();
        names.join(", ")
    }
}

fn parse(text: &str, origin: &Path) -> Result<(Vec<FieldSpec>, bool), LedgerError> {
    let fail = |problem: Localized| LedgerError::Schema {
        path: origin.to_path_buf(),
        problem,
    };
    let raw: RawSchema = serde_json::from_str(text).map_err(|e| {
        fail(Localized::new(|lang| {
            trf!(lang,
                nl: "geen geldig Table Schema ({e})",
                fr: "pas un Table Schema valide ({e})",
                en: "not a valid Table Schema ({e})",
            )
        }))
    })?;
    let mut fields: Vec<FieldSpec> = Vec::with_capacity(raw.fields.len());
    for f in raw.fields {
        let field = DossierField::from_name(&f.name).ok_or_else(|| {
            let known: Vec<&str> = DossierField::ALL.iter().map(|f| f.name()).collect();
            let (name, known) = (&f.name, known.join(", "));
            fail(Localized::new(|lang| {
                trf!(lang,
                    nl: "onbekend veld '{name}'; de velden zijn {known}",
                    fr: "champ inconnu '{name}'; les champs sont {known}",
                    en: "unknown field '{name}'; the fields are {known}",
                )
            }))
        })?;
        if fields.iter().any(|s| s.field == field) {
            let name = &f.name;
            return Err(fail(Localized::new(|lang| {
                trf!(lang,
                    nl: "veld '{name}' staat er twee keer in",
                    fr: "le champ '{name}' est déclaré deux fois",
                    en: "field '{name}' is declared twice",
                )
            })));
        }
        let keys = std::iter::once(&f.name)
            .chain(&f.aliases)
            .map(|n| header_key(n))
            .collect();
        fields.push(FieldSpec {
            field,
            required: f.constraints.required,
            keys,
        });
    }
    Ok((fields, raw.replace))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn builtin_maps_wse_headers() {
        let schema = DossierSchema::load(None).unwrap();
        let h = header(&[
            "Dossiernummer",
            "Werkgever",
            "Ondernemingsnummer",
            "INSZ",
            "Naam",
            "Voornaam",
            "ODB-nummer",
            "Startdatum",
            "Einddatum",
            "Status",
            "Berekend bedrag",
            "Reden weigering",
        ]);
        let c = schema.columns(&h);
        assert_eq!(c[&DossierField::Ondernemingsnummer], 2);
        assert_eq!(c[&DossierField::OdbNummer], 6);
        assert_eq!(c[&DossierField::Berekend], 10);
        assert_eq!(c[&DossierField::Reden], 11);
        assert!(schema.missing(&c).is_empty());
        let fr = header(&["Numéro de dossier", "BCE", "NISS", "ODB", "Date de début", "Statut"]);
        let c = schema.columns(&fr);
        assert_eq!(c.len(), 6);
        assert!(schema.missing(&c).is_empty());
        let c = schema.columns(&header(&["Dossier", "Status"]));
        assert_eq!(
            schema.missing(&c),
            ["ondernemingsnummer", "insz", "odb_nummer", "startdatum"]
        );
    }

    #[test]
    fn extra_schema_adds_aliases_or_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        std::fs::write(
            &path,
            r#"{"fields": [{"name": "status", "aliases": ["Toestand"], "constraints": {"required": true}}]}"#,
        )
        .unwrap();
        let schema = DossierSchema::load(Some(&path)).unwrap();
        assert_eq!(
            schema.columns(&header(&["Toestand"])).get(&DossierField::Status),
            Some(&0)
        );
        assert_eq!(
            schema.columns(&header(&["Status"])).get(&DossierField::Status),
            Some(&0)
        );
        std::fs::write(
            &path,
            r#"{"replace": true, "fields": [{"name": "status", "aliases": ["Toestand"]}]}"#,
        )
        .unwrap();
        let schema = DossierSchema::load(Some(&path)).unwrap();
        assert!(schema.columns(&header(&["Dossiernummer"])).is_empty());
        std::fs::write(&path, r#"{"fields": [{"name": "kleur"}]}"#).unwrap();
        let err = DossierSchema::load(Some(&path)).unwrap_err().to_string();
        assert!(err.contains("unknown field 'kleur'"), "{err}");
    }
}
