//! The input and upload schemas (Frictionless Table Schema JSON).
//!
//! The binary embeds the files of `schemas/`; `--input-schema` and
//! `--output-schema` replace them at run time, so a change of the official
//! upload template or a client's own column names is a schema edit, not a
//! release.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::field::Field;
use crate::lang::{tr, trf, Lang, Text};

/// The built-in input schema (`schemas/input.schema.json`): the canonical
/// fields, which of them are required, and their aliases.
pub const BUILTIN_INPUT_SCHEMA: &str = include_str!("../schemas/input.schema.json");
/// The built-in layout of the WSE upload files (`schemas/wse-upload.schema.json`).
pub const BUILTIN_UPLOAD_SCHEMA: &str = include_str!("../schemas/wse-upload.schema.json");
/// The built-in CSV dialect of the upload files (`schemas/wse-upload.dialect.json`).
pub const BUILTIN_UPLOAD_DIALECT: &str = include_str!("../schemas/wse-upload.dialect.json");

/// A schema file that cannot be used; always fatal (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {problem}")]
pub struct SchemaError {
    /// The schema or dialect file at fault: its path, or `schemas/…` for a
    /// built-in one.
    pub origin: String,
    /// What is wrong with it ([`SchemaProblem::text`] in the chosen
    /// language, `Display` in English).
    pub problem: SchemaProblem,
}

/// What is wrong with a schema or dialect file.
#[derive(Debug)]
pub enum SchemaProblem {
    /// The file cannot be read.
    Unreadable {
        /// A CSV dialect file, not a schema.
        dialect: bool,
        /// What the system said.
        source: std::io::Error,
    },
    /// The text is not JSON of the expected shape.
    NotJson {
        /// A CSV dialect file, not a schema.
        dialect: bool,
        /// What the JSON parser said (in English).
        detail: String,
    },
    /// A field's name is not a canonical field.
    NotCanonical {
        /// The name as written.
        name: String,
    },
    /// An alias has no letter or digit.
    AliasWithoutLetters {
        /// The field it is given for.
        field: Field,
        /// The alias as written.
        alias: String,
    },
    /// An alias is given for two fields of the file.
    AliasOfTwo {
        /// The alias as written.
        alias: String,
        /// The field that had it first.
        first: Field,
        /// The field that has it too.
        second: Field,
    },
    /// A field is declared twice.
    DeclaredTwice {
        /// The field.
        field: Field,
    },
    /// An alias is the canonical name of another field.
    AliasIsAnotherField {
        /// The alias as written.
        alias: String,
        /// The field it is given for.
        field: Field,
    },
    /// A field no request can be checked without is not declared.
    Missing {
        /// The field.
        field: Field,
    },
    /// An upload schema without columns.
    NoFields,
    /// An upload column whose source is not a canonical field.
    SourceNotCanonical {
        /// The column's name.
        column: String,
        /// Its source as written.
        source: String,
    },
    /// An upload column of a type the writer does not know.
    UnsupportedType {
        /// The column's name.
        column: String,
        /// Its type as written.
        kind: String,
    },
    /// An upload column's date pattern that cannot be used.
    DatePattern {
        /// The column's name.
        column: String,
        /// The pattern as written.
        pattern: String,
    },
    /// A dialect's delimiter or quote that is not one ASCII character.
    NotOneCharacter {
        /// `delimiter` or `quoteChar`.
        what: &'static str,
        /// The value as written.
        value: String,
    },
    /// A dialect's line terminator that is not CR LF, LF or CR.
    LineTerminator {
        /// The terminator as written.
        found: String,
    },
}

impl SchemaProblem {
    /// The problem in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let canonical = || Field::ALL.map(Field::name).join(", ");
        match self {
            SchemaProblem::Unreadable { dialect: false, source } => {
                let reason = crate::os_error::reason(source, lang);
                trf!(lang,
                    nl: "kan het schemabestand niet lezen: {reason}",
                    fr: "impossible de lire le fichier de schéma: {reason}",
                    en: "cannot read the schema file: {reason}",
                )
            }
            SchemaProblem::Unreadable { dialect: true, source } => {
                let reason = crate::os_error::reason(source, lang);
                trf!(lang,
                    nl: "kan het dialectbestand niet lezen: {reason}",
                    fr: "impossible de lire le fichier de dialecte: {reason}",
                    en: "cannot read the dialect file: {reason}",
                )
            }
            SchemaProblem::NotJson { dialect: false, detail } => trf!(lang,
                nl: "geen geldig Table Schema: {detail}",
                fr: "pas un Table Schema valide: {detail}",
                en: "not a valid Table Schema: {detail}",
            ),
            SchemaProblem::NotJson { dialect: true, detail } => trf!(lang,
                nl: "geen geldig CSV-dialect: {detail}",
                fr: "pas un dialecte CSV valide: {detail}",
                en: "not a valid CSV dialect: {detail}",
            ),
            SchemaProblem::NotCanonical { name } => {
                let all = canonical();
                trf!(lang,
                    nl: "veld '{name}' is geen canoniek veld; gebruik een van: {all}",
                    fr: "le champ '{name}' n'est pas un champ canonique; utilisez l'un de: {all}",
                    en: "field '{name}' is not a canonical field; use one of: {all}",
                )
            }
            SchemaProblem::AliasWithoutLetters { field, alias } => trf!(lang,
                nl: "veld '{field}' heeft een alias zonder letters of cijfers: '{alias}'",
                fr: "le champ '{field}' a un alias sans lettres ni chiffres: '{alias}'",
                en: "field '{field}' has an alias without letters or digits: '{alias}'",
            ),
            SchemaProblem::AliasOfTwo { alias, first, second } => trf!(lang,
                nl: "alias '{alias}' staat zowel bij '{first}' als bij '{second}'",
                fr: "l'alias '{alias}' est donné à la fois pour '{first}' et pour '{second}'",
                en: "alias '{alias}' is given for both '{first}' and '{second}'",
            ),
            SchemaProblem::DeclaredTwice { field } => trf!(lang,
                nl: "veld '{field}' is twee keer gedeclareerd",
                fr: "le champ '{field}' est déclaré deux fois",
                en: "field '{field}' is declared twice",
            ),
            SchemaProblem::AliasIsAnotherField { alias, field } => trf!(lang,
                nl: "alias '{alias}' van '{field}' is de naam van een ander canoniek veld",
                fr: "l'alias '{alias}' de '{field}' est le nom d'un autre champ canonique",
                en: "alias '{alias}' of '{field}' is the name of another canonical field",
            ),
            SchemaProblem::Missing { field } => trf!(lang,
                nl: "veld '{field}' ontbreekt: zonder dat veld kan geen aanvraag gecontroleerd worden",
                fr: "le champ '{field}' manque: aucune demande ne peut être contrôlée sans lui",
                en: "field '{field}' is missing: a request cannot be checked without it",
            ),
            SchemaProblem::NoFields => tr!(lang,
                nl: "het schema heeft geen velden",
                fr: "le schéma n'a pas de champs",
                en: "the schema has no fields",
            )
            .to_string(),
            SchemaProblem::SourceNotCanonical { column, source } => {
                let all = canonical();
                trf!(lang,
                    nl: "kolom '{column}' heeft bron '{source}', en dat is geen canoniek veld; gebruik een van: {all}",
                    fr: "la colonne '{column}' a la source '{source}', qui n'est pas un champ canonique; utilisez l'un de: {all}",
                    en: "column '{column}' has source '{source}', which is not a canonical field; use one of: {all}",
                )
            }
            SchemaProblem::UnsupportedType { column, kind } => trf!(lang,
                nl: "kolom '{column}' heeft type '{kind}'; ondersteund: string, date, number",
                fr: "la colonne '{column}' a le type '{kind}'; types pris en charge: string, date, number",
                en: "column '{column}' has type '{kind}'; supported: string, date, number",
            ),
            SchemaProblem::DatePattern { column, pattern } => trf!(lang,
                nl: "kolom '{column}': datumformaat '{pattern}' is geen strftime-patroon voor een datum (een uur of een tijdzone kan niet bij een datum geschreven worden); gebruik bv. %d/%m/%Y of %Y-%m-%d",
                fr: "colonne '{column}': le format de date '{pattern}' n'est pas un motif strftime pour une date (une heure ou un fuseau horaire ne peut pas s'écrire pour une date); utilisez par ex. %d/%m/%Y ou %Y-%m-%d",
                en: "column '{column}': date format '{pattern}' is not a strftime pattern for a date (a time of day or a time zone cannot be written for a date); use e.g. %d/%m/%Y or %Y-%m-%d",
            ),
            SchemaProblem::NotOneCharacter { what, value } => trf!(lang,
                nl: "{what} moet één ASCII-teken zijn, gevonden: '{value}'",
                fr: "{what} doit être un seul caractère ASCII, trouvé: '{value}'",
                en: "{what} must be one ASCII character, found '{value}'",
            ),
            SchemaProblem::LineTerminator { found } => {
                let found = format!("{found:?}");
                trf!(lang,
                    nl: "lineTerminator moet \\r\\n, \\n of \\r zijn, gevonden: {found}",
                    fr: "lineTerminator doit être \\r\\n, \\n ou \\r, trouvé: {found}",
                    en: "lineTerminator must be \\r\\n, \\n or \\r, found {found}",
                )
            }
        }
    }
}

impl std::fmt::Display for SchemaProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

fn schema_error(origin: &str, problem: SchemaProblem) -> SchemaError {
    SchemaError {
        origin: origin.to_string(),
        problem,
    }
}

/// The canonical field a schema file names, or the error listing them all.
fn canonical_field(name: &str, origin: &str) -> Result<Field, SchemaError> {
    Field::from_name(name).ok_or_else(|| schema_error(origin, SchemaProblem::NotCanonical { name: name.to_string() }))
}

/// Records that `name` is a header of `field` in one schema file: an alias
/// must hold a letter or digit, and may not name two of the file's fields.
fn claim_alias(
    claimed: &mut HashMap<String, Field>,
    field: Field,
    name: &str,
    origin: &str,
) -> Result<(), SchemaError> {
    let key = header_key(name);
    if key.is_empty() {
        return Err(schema_error(
            origin,
            SchemaProblem::AliasWithoutLetters {
                field,
                alias: name.to_string(),
            },
        ));
    }
    match claimed.get(&key) {
        Some(other) if *other != field => Err(schema_error(
            origin,
            SchemaProblem::AliasOfTwo {
                alias: name.to_string(),
                first: *other,
                second: field,
            },
        )),
        _ => {
            claimed.insert(key, field);
            Ok(())
        }
    }
}

#[derive(Debug, Deserialize)]
struct RawTableSchema<F> {
    fields: Vec<F>,
}

#[derive(Debug, Deserialize)]
struct RawInputField {
    name: String,
    #[serde(default)]
    constraints: RawConstraints,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct RawConstraints {
    #[serde(default)]
    required: bool,
}

/// The constraints of a field added to the built-in schema: `required` only
/// changes the built-in flag when the file gives it.
#[derive(Debug, Default, Deserialize)]
struct RawAddedConstraints {
    #[serde(default)]
    required: Option<bool>,
}

#[derive(Debug, Deserialize)]
struct RawAddedField {
    name: String,
    #[serde(default)]
    constraints: RawAddedConstraints,
    #[serde(default)]
    aliases: Vec<String>,
}

/// One canonical field as the input schema declares it.
#[derive(Debug, Clone)]
pub struct InputField {
    /// The canonical field declared.
    pub field: Field,
    /// Whether the field is required (`constraints.required`): the header
    /// must have a column for it (F003) and no row may leave it blank (V106).
    pub required: bool,
    /// The canonical name first, then the aliases, as written in the schema.
    pub names: Vec<String>,
}

/// Maps header cells to canonical fields.
#[derive(Debug, Clone)]
pub struct InputSchema {
    /// The declared fields, in the schema's order.
    pub fields: Vec<InputField>,
    by_key: HashMap<String, Field>,
}

/// Header names that `vov-bulk` itself adds to `rejected.csv`; reading such a
/// file back must not treat them as the client's own extra columns.
pub const ANNOTATION_COLUMNS: [&str; 3] = ["bron", "codes", "meldingen"];

/// The headers `rejected.xlsx` gives the columns of [`ANNOTATION_COLUMNS`]
/// in each language (`bron`, `codes`, `meldingen` in Dutch, as
/// `rejected.csv` names them); read back, each is that column again.
pub const ANNOTATION_LABELS: [Text; 3] = [
    Text {
        nl: "bron",
        fr: "ligne d'origine",
        en: "origin line",
    },
    Text {
        nl: "codes",
        fr: "codes",
        en: "codes",
    },
    Text {
        nl: "meldingen",
        fr: "messages",
        en: "messages",
    },
];

/// Which of [`ANNOTATION_COLUMNS`] a header is (0: `bron`, 1: `codes`, 2:
/// `meldingen`), by its canonical name or its label in any language.
pub fn annotation_column(header: &str) -> Option<usize> {
    let key = header_key(header);
    (0..ANNOTATION_COLUMNS.len()).find(|&i| {
        header_key(ANNOTATION_COLUMNS[i]) == key
            || Lang::ALL
                .iter()
                .any(|l| header_key(ANNOTATION_LABELS[i].get(*l)) == key)
    })
}

/// The key used to compare header names: lower case, accents removed, and
/// only letters and digits kept, so `Numéro d'entreprise`, `numero-d entreprise`
/// and `NUMERO_D_ENTREPRISE` are the same header.
pub fn header_key(header: &str) -> String {
    header
        .nfd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl InputSchema {
    /// The built-in input schema ([`BUILTIN_INPUT_SCHEMA`]). Panics only if the
    /// embedded file is invalid, a build defect the tests catch.
    pub fn builtin() -> InputSchema {
        match InputSchema::parse(BUILTIN_INPUT_SCHEMA, "schemas/input.schema.json") {
            Ok(schema) => schema,
            // The embedded schema is tested; reaching this is a build defect, not bad input.
            Err(e) => panic!("embedded input schema is invalid: {e}"),
        }
    }

    /// Reads the input schema at `path` (`--input-schema`): see
    /// [`InputSchema::from_file_text`]. Fails when the file cannot be read or
    /// is refused.
    pub fn load(path: &Path) -> Result<InputSchema, SchemaError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|source| schema_error(&origin, SchemaProblem::Unreadable { dialect: false, source }))?;
        InputSchema::from_file_text(&text, &origin)
    }

    /// The input schema an `--input-schema` file gives: the built-in schema
    /// with the file's aliases and fields added ([`InputSchema::extend`]), or,
    /// when the file says `"replace": true` at its top level, the file alone
    /// ([`InputSchema::parse`]). A client's file usually adds two or three
    /// header names; replacing silently dropped every other column (the
    /// establishment's postcode, the fixed schedule) and with it rules such as
    /// R217.
    pub fn from_file_text(text: &str, origin: &str) -> Result<InputSchema, SchemaError> {
        #[derive(Deserialize)]
        struct Top {
            #[serde(default)]
            replace: bool,
        }
        let top: Top = serde_json::from_str(text).map_err(|e| not_json(origin, false, &e))?;
        if top.replace {
            InputSchema::parse(text, origin)
        } else {
            let mut schema = InputSchema::builtin();
            schema.extend(text, origin)?;
            Ok(schema)
        }
    }

    /// Adds the fields and aliases of the schema `text` (named `origin` in
    /// errors) to this one. A field already declared gets the new aliases
    /// (and the new `required` flag when the file gives one); an alias that
    /// named another field now names the file's field: the client's word wins
    /// over the built-in one. Fails when the text is not a Table Schema, a
    /// field is not canonical or is given twice, or an alias has no letters or
    /// digits or names two fields of the file.
    pub fn extend(&mut self, text: &str, origin: &str) -> Result<(), SchemaError> {
        let raw: RawTableSchema<RawAddedField> = serde_json::from_str(text).map_err(|e| not_json(origin, false, &e))?;
        let mut given: HashMap<String, Field> = HashMap::new();
        let mut seen: Vec<Field> = Vec::new();
        for raw_field in raw.fields {
            let field = canonical_field(&raw_field.name, origin)?;
            if seen.contains(&field) {
                return Err(schema_error(origin, SchemaProblem::DeclaredTwice { field }));
            }
            seen.push(field);
            for name in &raw_field.aliases {
                claim_alias(&mut given, field, name, origin)?;
            }
            if !self.declares(field) {
                self.fields.push(InputField {
                    field,
                    required: false,
                    names: vec![field.name().to_string()],
                });
                self.by_key.insert(header_key(field.name()), field);
            }
            for name in raw_field.aliases {
                if !self.add_alias(field, &name) {
                    return Err(schema_error(
                        origin,
                        SchemaProblem::AliasIsAnotherField { alias: name, field },
                    ));
                }
            }
            if let Some(required) = raw_field.constraints.required {
                if let Some(declared) = self.fields.iter_mut().find(|f| f.field == field) {
                    declared.required = required;
                }
            }
        }
        Ok(())
    }

    /// Makes `header` name `field` (`--map FIELD=HEADER`, and the aliases an
    /// added schema gives), taking it from any other field that had it.
    /// Returns `false`, changing nothing, when `header` has no letters or
    /// digits (it could never match a column). A canonical field's own name
    /// is not taken from it.
    pub fn add_alias(&mut self, field: Field, header: &str) -> bool {
        let key = header_key(header);
        if key.is_empty() {
            return false;
        }
        if let Some(own) = Field::ALL.iter().find(|f| header_key(f.name()) == key) {
            if *own != field {
                return false;
            }
        }
        if let Some(previous) = self.by_key.insert(key.clone(), field) {
            if previous != field {
                if let Some(other) = self.fields.iter_mut().find(|f| f.field == previous) {
                    other.names.retain(|n| header_key(n) != key);
                }
            }
        }
        if !self.declares(field) {
            self.fields.push(InputField {
                field,
                required: false,
                names: vec![field.name().to_string()],
            });
        }
        if let Some(declared) = self.fields.iter_mut().find(|f| f.field == field) {
            if !declared.names.iter().any(|n| header_key(n) == key) {
                declared.names.push(header.trim().to_string());
            }
        }
        true
    }

    /// The fields a header must map for an input to be read (F003): those the
    /// schema marks required.
    pub fn required_fields(&self) -> impl Iterator<Item = Field> + '_ {
        self.fields.iter().filter(|f| f.required).map(|f| f.field)
    }

    /// Parses an input schema from `text`, naming `origin` in errors. Fails when
    /// the text is not a Table Schema, a field is not canonical or is declared
    /// twice, an alias has no letters or digits or names two fields, or one of
    /// `werkgever_kbo`, `werknemer_insz`, `odb_nummer`, `aantal`, `startdatum`
    /// and `einddatum` is not declared.
    pub fn parse(text: &str, origin: &str) -> Result<InputSchema, SchemaError> {
        let raw: RawTableSchema<RawInputField> = serde_json::from_str(text).map_err(|e| not_json(origin, false, &e))?;
        let mut fields = Vec::with_capacity(raw.fields.len());
        let mut by_key: HashMap<String, Field> = HashMap::new();
        for raw_field in raw.fields {
            let field = canonical_field(&raw_field.name, origin)?;
            if fields.iter().any(|f: &InputField| f.field == field) {
                return Err(schema_error(origin, SchemaProblem::DeclaredTwice { field }));
            }
            let mut names = vec![raw_field.name.clone()];
            names.extend(raw_field.aliases);
            for name in &names {
                claim_alias(&mut by_key, field, name, origin)?;
            }
            fields.push(InputField {
                field,
                required: raw_field.constraints.required,
                names,
            });
        }
        for required in [
            Field::WerkgeverKbo,
            Field::WerknemerInsz,
            Field::OdbNummer,
            Field::Aantal,
            Field::Startdatum,
            Field::Einddatum,
        ] {
            if !fields.iter().any(|f| f.field == required) {
                return Err(schema_error(origin, SchemaProblem::Missing { field: required }));
            }
        }
        Ok(InputSchema { fields, by_key })
    }

    /// The canonical field a header names, if any.
    pub fn field_for_header(&self, header: &str) -> Option<Field> {
        self.by_key.get(&header_key(header)).copied()
    }

    /// Whether the schema makes `field` required (the fields of
    /// [`Field::REQUIRED`] are required whatever it says).
    pub fn is_required(&self, field: Field) -> bool {
        self.fields.iter().any(|f| f.field == field && f.required)
    }

    /// Whether the schema declares `field` at all, required or not.
    pub fn declares(&self, field: Field) -> bool {
        self.fields.iter().any(|f| f.field == field)
    }

    /// The field whose name or alias is closest to `header`, among the fields
    /// `wanted` accepts, with how close (0 to 1): for the note on an ignored
    /// column ("bedoelt u indiensttreding?") and F003's "did you mean". A
    /// header that holds a whole alias of five characters or more (`Datum in
    /// dienst werknemer`), or is held by one, counts as close (0.9).
    pub fn closest_field(&self, header: &str, wanted: impl Fn(Field) -> bool) -> Option<(Field, f64)> {
        let key = header_key(header);
        if key.is_empty() {
            return None;
        }
        self.fields
            .iter()
            .filter(|f| wanted(f.field))
            .flat_map(|f| f.names.iter().map(move |n| (header_key(n), f.field)))
            .map(|(name, field)| {
                let mut score = strsim::normalized_levenshtein(&key, &name);
                let (short, long) = if key.len() <= name.len() {
                    (&key, &name)
                } else {
                    (&name, &key)
                };
                if short.chars().count() >= 5 && long.contains(short.as_str()) {
                    score = score.max(0.9);
                }
                (field, score)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// The alias closest to `header` (for "did you mean" hints).
    pub fn closest_name(&self, header: &str) -> Option<(&str, Field)> {
        let key = header_key(header);
        self.fields
            .iter()
            .flat_map(|f| f.names.iter().map(move |n| (n.as_str(), f.field)))
            .map(|(name, field)| (strsim::normalized_levenshtein(&key, &header_key(name)), name, field))
            .filter(|(score, _, _)| *score >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, name, field)| (name, field))
    }
}

/// How one upload column is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnFormat {
    /// Written as it is (Table Schema type `string`, the default).
    Text,
    /// A date in the strftime pattern of the schema's `format`.
    Date(String),
    /// A number with the given decimal separator.
    Number {
        /// The decimal separator (`decimalChar`; `.` by default).
        decimal_char: String,
    },
}

/// One column of the upload files, as the upload schema declares it.
#[derive(Debug, Clone)]
pub struct UploadColumn {
    /// The column's header, as in the WSE upload template.
    pub name: String,
    /// The canonical field whose value the column holds (the column's `source`,
    /// else its own name).
    pub source: Field,
    /// Whether the upload template marks the column required
    /// (`constraints.required`).
    pub required: bool,
    /// How the value is written.
    pub format: ColumnFormat,
}

/// The CSV dialect of the upload files (Frictionless CSV Dialect JSON).
#[derive(Debug, Clone)]
pub struct UploadDialect {
    /// The field separator, one ASCII character (`;` by default).
    pub delimiter: u8,
    /// The line end: `\r\n` (the default), `\n` or `\r`.
    pub line_terminator: String,
    /// The quote character, one ASCII character (`"` by default).
    pub quote: u8,
    /// Whether the file starts with a header line of column names (the default).
    pub header: bool,
}

/// The layout of the WSE upload files.
#[derive(Debug, Clone)]
pub struct UploadSchema {
    /// The columns, in the order they are written.
    pub columns: Vec<UploadColumn>,
    /// How the CSV is written.
    pub dialect: UploadDialect,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawUploadField {
    name: String,
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    decimal_char: Option<String>,
    #[serde(default)]
    constraints: RawConstraints,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawDialect {
    #[serde(default = "default_delimiter")]
    delimiter: String,
    #[serde(default = "default_terminator")]
    line_terminator: String,
    #[serde(default = "default_quote")]
    quote_char: String,
    #[serde(default = "default_true")]
    header: bool,
}

fn default_delimiter() -> String {
    ";".into()
}
fn default_terminator() -> String {
    "\r\n".into()
}
fn default_quote() -> String {
    "\"".into()
}
fn default_true() -> bool {
    true
}

impl UploadSchema {
    /// The built-in upload schema and dialect ([`BUILTIN_UPLOAD_SCHEMA`],
    /// [`BUILTIN_UPLOAD_DIALECT`]). Panics only if the embedded files are
    /// invalid, a build defect the tests catch.
    pub fn builtin() -> UploadSchema {
        match UploadSchema::parse(
            BUILTIN_UPLOAD_SCHEMA,
            "schemas/wse-upload.schema.json",
            BUILTIN_UPLOAD_DIALECT,
            "schemas/wse-upload.dialect.json",
        ) {
            Ok(schema) => schema,
            Err(e) => panic!("embedded upload schema is invalid: {e}"),
        }
    }

    /// Loads a replacement schema; its dialect is the `*.dialect.json` file
    /// beside it when there is one, else the built-in dialect.
    pub fn load(path: &Path) -> Result<UploadSchema, SchemaError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|source| schema_error(&origin, SchemaProblem::Unreadable { dialect: false, source }))?;
        let dialect_path = dialect_path_beside(path);
        match dialect_path.filter(|p| p.is_file()) {
            Some(dialect_path) => {
                let dialect_origin = dialect_path.display().to_string();
                let dialect = std::fs::read_to_string(&dialect_path).map_err(|source| {
                    schema_error(&dialect_origin, SchemaProblem::Unreadable { dialect: true, source })
                })?;
                UploadSchema::parse(&text, &origin, &dialect, &dialect_origin)
            }
            None => UploadSchema::parse(
                &text,
                &origin,
                BUILTIN_UPLOAD_DIALECT,
                "schemas/wse-upload.dialect.json",
            ),
        }
    }

    /// Parses an upload schema and its dialect, naming their origins in errors.
    /// Fails when the schema is not a Table Schema or has no fields, a column's
    /// source is not a canonical field, a type is not `string`, `date`, `number`
    /// or `integer`, a date pattern is invalid, or the dialect is not valid JSON,
    /// its delimiter or quote is not one ASCII character, or its line terminator is
    /// not `\r\n`, `\n` or `\r`.
    pub fn parse(
        schema_text: &str,
        schema_origin: &str,
        dialect_text: &str,
        dialect_origin: &str,
    ) -> Result<UploadSchema, SchemaError> {
        let raw: RawTableSchema<RawUploadField> =
            serde_json::from_str(schema_text).map_err(|e| not_json(schema_origin, false, &e))?;
        if raw.fields.is_empty() {
            return Err(schema_error(schema_origin, SchemaProblem::NoFields));
        }
        let mut columns = Vec::with_capacity(raw.fields.len());
        for f in raw.fields {
            let source_name = f.source.clone().unwrap_or_else(|| f.name.clone());
            let source = Field::from_name(&source_name).ok_or_else(|| {
                schema_error(
                    schema_origin,
                    SchemaProblem::SourceNotCanonical {
                        column: f.name.clone(),
                        source: source_name.clone(),
                    },
                )
            })?;
            let format = match f.kind.as_deref().unwrap_or("string") {
                "date" => ColumnFormat::Date(
                    f.format
                        .clone()
                        .filter(|p| p != "default" && p != "any")
                        .unwrap_or_else(|| "%Y-%m-%d".into()),
                ),
                "number" | "integer" => ColumnFormat::Number {
                    decimal_char: f.decimal_char.clone().unwrap_or_else(|| ".".into()),
                },
                "string" => ColumnFormat::Text,
                other => {
                    return Err(schema_error(
                        schema_origin,
                        SchemaProblem::UnsupportedType {
                            column: f.name.clone(),
                            kind: other.to_string(),
                        },
                    ))
                }
            };
            if let ColumnFormat::Date(pattern) = &format {
                if !crate::values::date::is_date_pattern(pattern) {
                    return Err(schema_error(
                        schema_origin,
                        SchemaProblem::DatePattern {
                            column: f.name.clone(),
                            pattern: pattern.clone(),
                        },
                    ));
                }
            }
            columns.push(UploadColumn {
                name: f.name,
                source,
                required: f.constraints.required,
                format,
            });
        }
        let raw_dialect: RawDialect =
            serde_json::from_str(dialect_text).map_err(|e| not_json(dialect_origin, true, &e))?;
        let single_byte = |value: &str, what: &'static str| -> Result<u8, SchemaError> {
            match value.as_bytes() {
                [b] if b.is_ascii() => Ok(*b),
                _ => Err(schema_error(
                    dialect_origin,
                    SchemaProblem::NotOneCharacter {
                        what,
                        value: value.to_string(),
                    },
                )),
            }
        };
        let dialect = UploadDialect {
            delimiter: single_byte(&raw_dialect.delimiter, "delimiter")?,
            quote: single_byte(&raw_dialect.quote_char, "quoteChar")?,
            line_terminator: match raw_dialect.line_terminator.as_str() {
                "\r\n" | "\n" | "\r" => raw_dialect.line_terminator,
                other => {
                    return Err(schema_error(
                        dialect_origin,
                        SchemaProblem::LineTerminator {
                            found: other.to_string(),
                        },
                    ))
                }
            },
            header: raw_dialect.header,
        };
        Ok(UploadSchema { columns, dialect })
    }
}

/// A schema or dialect text that JSON does not read.
fn not_json(origin: &str, dialect: bool, error: &serde_json::Error) -> SchemaError {
    schema_error(
        origin,
        SchemaProblem::NotJson {
            dialect,
            detail: error.to_string(),
        },
    )
}

fn dialect_path_beside(schema: &Path) -> Option<std::path::PathBuf> {
    let name = schema.file_name()?.to_str()?;
    let stem = name
        .strip_suffix(".schema.json")
        .or_else(|| name.strip_suffix(".json"))?;
    Some(schema.with_file_name(format!("{stem}.dialect.json")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_of_a_field_reads_back_as_that_field() {
        let schema = InputSchema::builtin();
        for field in Field::ALL {
            for lang in Lang::ALL {
                for header in [
                    field.label(lang).to_string(),
                    field.header(lang),
                    field.name().to_string(),
                ] {
                    assert_eq!(schema.field_for_header(&header), Some(field), "{header} ({lang})");
                }
            }
        }
        for (i, canonical) in ANNOTATION_COLUMNS.iter().enumerate() {
            assert_eq!(annotation_column(canonical), Some(i));
            for lang in Lang::ALL {
                let label = ANNOTATION_LABELS[i].get(lang);
                assert_eq!(annotation_column(label), Some(i), "{label}");
                assert_eq!(schema.field_for_header(label), None, "{label}");
            }
        }
    }

    #[test]
    fn the_contract_v3_aliases_of_the_employer_name() {
        let schema = InputSchema::builtin();
        for header in ["Dénomination employeur", "Raison sociale", "denomination employeur"] {
            assert_eq!(schema.field_for_header(header), Some(Field::WerkgeverNaam), "{header}");
        }
    }

    #[test]
    fn header_matching_ignores_case_accents_spaces_and_punctuation() {
        let schema = InputSchema::builtin();
        assert_eq!(
            schema.field_for_header("Numéro d'entreprise"),
            Some(Field::WerkgeverKbo)
        );
        assert_eq!(
            schema.field_for_header("NUMERO_D-ENTREPRISE"),
            Some(Field::WerkgeverKbo)
        );
        assert_eq!(schema.field_for_header("  KBO-nummer "), Some(Field::WerkgeverKbo));
        assert_eq!(schema.field_for_header("Prénom"), Some(Field::WerknemerVoornaam));
        assert_eq!(schema.field_for_header("werknemer_insz"), Some(Field::WerknemerInsz));
        assert_eq!(schema.field_for_header("Opmerking"), None);
    }

    #[test]
    fn contract_minimum_aliases_are_present() {
        let schema = InputSchema::builtin();
        let cases: &[(&str, Field)] = &[
            ("ondernemingsnummer", Field::WerkgeverKbo),
            ("kbo", Field::WerkgeverKbo),
            ("enterprise number", Field::WerkgeverKbo),
            ("bce", Field::WerkgeverKbo),
            ("werkgever", Field::WerkgeverNaam),
            ("employer name", Field::WerkgeverNaam),
            ("nom employeur", Field::WerkgeverNaam),
            ("postcode vestigingseenheid", Field::VestigingPostcode),
            ("code postal", Field::VestigingPostcode),
            ("rijksregisternummer", Field::WerknemerInsz),
            ("rrn", Field::WerknemerInsz),
            ("niss", Field::WerknemerInsz),
            ("national number", Field::WerknemerInsz),
            ("achternaam", Field::WerknemerNaam),
            ("last name", Field::WerknemerNaam),
            ("nom", Field::WerknemerNaam),
            ("first name", Field::WerknemerVoornaam),
            ("odb-nummer", Field::OdbNummer),
            ("registratienummer", Field::OdbNummer),
            ("numéro odb", Field::OdbNummer),
            ("titel", Field::OpleidingTitel),
            ("formation", Field::OpleidingTitel),
            ("type opleiding", Field::Opleidingstype),
            ("training type", Field::Opleidingstype),
            ("contracttype", Field::Contract),
            ("unit", Field::Eenheid),
            ("unité", Field::Eenheid),
            ("aantal uren", Field::Aantal),
            ("uren", Field::Aantal),
            ("studiepunten", Field::Aantal),
            ("quantity", Field::Aantal),
            ("nombre", Field::Aantal),
            ("begindatum", Field::Startdatum),
            ("start date", Field::Startdatum),
            ("date de début", Field::Startdatum),
            ("einde", Field::Einddatum),
            ("end date", Field::Einddatum),
            ("date de fin", Field::Einddatum),
            ("enrolment date", Field::Inschrijvingsdatum),
            ("date d'inscription", Field::Inschrijvingsdatum),
            ("datum indiensttreding", Field::Indiensttreding),
            ("hire date", Field::Indiensttreding),
            ("date d'entrée", Field::Indiensttreding),
            ("twp", Field::TewerkstellingPct),
            ("tewerkstellingspercentage", Field::TewerkstellingPct),
            ("employment percentage", Field::TewerkstellingPct),
            ("fixed schedule", Field::VastUurrooster),
            ("horaire fixe", Field::VastUurrooster),
            ("e-mail", Field::ContactEmail),
            ("e-mailadres", Field::ContactEmail),
            ("rekeningnummer", Field::Iban),
            ("bankrekening", Field::Iban),
            ("account", Field::Iban),
        ];
        for (header, field) in cases {
            assert_eq!(schema.field_for_header(header), Some(*field), "{header}");
        }
    }

    #[test]
    fn contract_v2_and_payroll_aliases_are_built_in() {
        let schema = InputSchema::builtin();
        let cases: &[(&str, Field)] = &[
            ("Code opleiding", Field::OdbNummer),
            ("N° BCE", Field::WerkgeverKbo),
            ("Code formation", Field::OdbNummer),
            ("Datum in dienst", Field::Indiensttreding),
            ("E-mail contactpersoon", Field::ContactEmail),
            ("NISS", Field::WerknemerInsz),
            ("date d'entrée en service", Field::Indiensttreding),
            ("Tewerkstelling %", Field::TewerkstellingPct),
            ("TWP totaal", Field::TewerkstellingTotaalPct),
            ("Op initiatief van", Field::Initiatief),
            ("Nombre d'heures", Field::Aantal),
            ("Taux d'occupation", Field::TewerkstellingPct),
        ];
        for (header, field) in cases {
            assert_eq!(schema.field_for_header(header), Some(*field), "{header}");
        }
    }

    #[test]
    fn contract_v3_aliases_are_built_in() {
        let schema = InputSchema::builtin();
        let cases: &[(&str, Field)] = &[
            ("uren_per_week", Field::UrenPerWeek),
            ("Gemiddelde wekelijkse arbeidsduur", Field::UrenPerWeek),
            ("Arbeidsduur", Field::UrenPerWeek),
            ("Uren per week", Field::UrenPerWeek),
            ("Q", Field::UrenPerWeek),
            ("Weekly hours", Field::UrenPerWeek),
            ("Heures par semaine", Field::UrenPerWeek),
            ("Durée hebdomadaire", Field::UrenPerWeek),
            ("overgangsmaatregel", Field::Overgangsmaatregel),
            ("Mesure transitoire", Field::Overgangsmaatregel),
            ("Transitional measure", Field::Overgangsmaatregel),
        ];
        for (header, field) in cases {
            assert_eq!(schema.field_for_header(header), Some(*field), "{header}");
        }
        // The quantity's own aliases stay the quantity's.
        assert_eq!(schema.field_for_header("uren"), Some(Field::Aantal));
        assert_eq!(schema.field_for_header("heures"), Some(Field::Aantal));
    }

    #[test]
    fn an_added_schema_keeps_the_builtin_and_a_replacing_one_does_not() {
        let one = r#"{"fields":[{"name":"odb_nummer","aliases":["Cursus-ID","Formation"]}]}"#;
        let added = InputSchema::from_file_text(one, "a.json").unwrap();
        assert_eq!(added.field_for_header("cursus id"), Some(Field::OdbNummer));
        assert_eq!(added.field_for_header("Postcode"), Some(Field::VestigingPostcode));
        // The client's word wins over the built-in alias of another field.
        assert_eq!(added.field_for_header("formation"), Some(Field::OdbNummer));
        assert!(added.is_required(Field::WerkgeverKbo));
        let replacing = r#"{"replace": true, "fields":[{"name":"odb_nummer","aliases":["Cursus-ID"]}]}"#;
        let err = InputSchema::from_file_text(replacing, "r.json").unwrap_err();
        assert!(
            err.problem.to_string().contains("field 'werkgever_kbo' is missing"),
            "{err}"
        );
        // Another field's canonical name cannot become an alias.
        let bad = r#"{"fields":[{"name":"odb_nummer","aliases":["aantal"]}]}"#;
        assert!(InputSchema::from_file_text(bad, "b.json").is_err());
    }

    #[test]
    fn add_alias_moves_a_header_to_the_mapped_field() {
        let mut schema = InputSchema::builtin();
        assert!(schema.add_alias(Field::OdbNummer, "Titel"));
        assert_eq!(schema.field_for_header("TITEL"), Some(Field::OdbNummer));
        assert!(!schema.add_alias(Field::OdbNummer, "--"));
        assert!(!schema.add_alias(Field::OdbNummer, "werkgever_kbo"));
        assert_eq!(
            schema.closest_field("Indienstreding", |_| true).map(|(f, _)| f),
            Some(Field::Indiensttreding)
        );
    }

    #[test]
    fn closest_name_suggests_a_near_alias() {
        let schema = InputSchema::builtin();
        assert_eq!(schema.closest_name("odb nummr").map(|(_, f)| f), Some(Field::OdbNummer));
        assert_eq!(schema.closest_name("zzzzzzzz"), None);
    }

    #[test]
    fn invalid_input_schemas_are_refused_with_the_reason() {
        let err = InputSchema::parse("{", "x.json").unwrap_err();
        assert!(err.to_string().starts_with("x.json: not a valid Table Schema"));
        let err = InputSchema::parse(r#"{"fields":[{"name":"foo"}]}"#, "x.json").unwrap_err();
        assert!(err.problem.to_string().contains("not a canonical field"));
        let two = r#"{"fields":[{"name":"werkgever_kbo","aliases":["x"]},{"name":"werknemer_insz","aliases":["x"]}]}"#;
        assert!(InputSchema::parse(two, "x.json")
            .unwrap_err()
            .problem
            .to_string()
            .contains("both"));
    }

    #[test]
    fn builtin_upload_schema_has_the_contract_layout() {
        let schema = UploadSchema::builtin();
        let names: Vec<&str> = schema.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names.join(";"),
            "ondernemingsnummer;insz;naam;voornaam;odb_nummer;startdatum;einddatum;eenheid;aantal;indiensttreding;email;initiatief"
        );
        assert_eq!(schema.dialect.delimiter, b';');
        assert_eq!(schema.dialect.line_terminator, "\r\n");
        assert_eq!(schema.columns[5].format, ColumnFormat::Date("%d/%m/%Y".into()));
        assert_eq!(
            schema.columns[8].format,
            ColumnFormat::Number {
                decimal_char: ",".into()
            }
        );
    }

    #[test]
    fn invalid_upload_schema_is_refused() {
        let bad = r#"{"fields":[{"name":"x","source":"nope"}]}"#;
        let err = UploadSchema::parse(bad, "u.json", BUILTIN_UPLOAD_DIALECT, "d.json").unwrap_err();
        assert!(err.problem.to_string().contains("not a canonical field"));
        let bad_dialect = r#"{"delimiter":";;"}"#;
        let err = UploadSchema::parse(BUILTIN_UPLOAD_SCHEMA, "u.json", bad_dialect, "d.json").unwrap_err();
        assert_eq!(err.origin, "d.json");
    }

    #[test]
    fn a_schema_problem_speaks_the_chosen_language() {
        let err = InputSchema::parse(r#"{"fields":[{"name":"foo"}]}"#, "x.json").unwrap_err();
        let french = err.problem.text(Lang::Fr);
        assert!(
            french.starts_with("le champ 'foo' n'est pas un champ canonique; utilisez l'un de: werkgever_kbo"),
            "{french}"
        );
        assert!(err
            .problem
            .text(Lang::Nl)
            .starts_with("veld 'foo' is geen canoniek veld"));
        let missing = InputSchema::load(Path::new("/no/such/schema.json")).unwrap_err();
        assert_eq!(
            missing.problem.text(Lang::Fr),
            "impossible de lire le fichier de schéma: le fichier ou le dossier n'existe pas (os error 2)"
        );
        assert_eq!(
            missing.to_string(),
            "/no/such/schema.json: cannot read the schema file: the file or folder does not exist (os error 2)"
        );
    }
}
