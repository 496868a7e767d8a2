//! F rules: whether a file and a record can be read at all.

use crate::lang::Lang;
use crate::model::{Diagnostic, Severity};
use crate::rules::{Explanation, Rule, Text};

/// A problem that stops the whole run (exit 2, nothing written).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {file}: {message}")]
pub struct Fatal {
    pub code: crate::code::Code,
    pub file: String,
    pub message: String,
    pub help: String,
}

pub const F001: Rule = Rule {
    code: crate::code::Code::F001,
    name: "unreadable-input",
    severity: "fatal",
    summary: Text {
        nl: "Bestand ontbreekt, is onleesbaar, versleuteld, beschadigd of geen CSV/XLSX/XLS/XLSB/ODS.",
        en: "File missing, unreadable, encrypted, corrupt, or not CSV/XLSX/XLS/XLSB/ODS.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Het invoerbestand kan niet geopend of niet als CSV of rekenblad gelezen worden.",
            en: "The input file cannot be opened, or cannot be read as CSV or as a spreadsheet.",
        },
        why: Text {
            nl: "Zonder leesbaar bestand kan geen enkele aanvraag gecontroleerd worden; een half gelezen batch zou aanvragen stilzwijgend overslaan.",
            en: "Without a readable file no request can be checked; a half-read batch would silently skip requests.",
        },
        source: "vov-bulk contract (CONTRACT.md, exit codes)",
        fix: Text {
            nl: "Controleer pad en rechten. Sla een rekenblad op als .xlsx zonder wachtwoord; een 'xls' dat eigenlijk tekst is, hernoemt u naar .csv.",
            en: "Check the path and permissions. Save a spreadsheet as .xlsx without a password; rename an 'xls' that is really text to .csv.",
        },
        example: Text {
            nl: "vov-bulk check klanten/acme.xlsx met een wachtwoord op de werkmap: F001, exit 2, er wordt niets geschreven.",
            en: "vov-bulk check clients/acme.xlsx on a password-protected workbook: F001, exit 2, nothing is written.",
        },
    },
};

pub const F002: Rule = Rule {
    code: crate::code::Code::F002,
    name: "undecodable-text",
    severity: "fatal",
    summary: Text {
        nl: "CSV-bytes zijn niet geldig in de herkende of opgegeven tekenset.",
        en: "CSV bytes are not valid in the detected or given encoding.",
    },
    explanation: Explanation {
        what: Text {
            nl: "De tekst van een CSV-bestand kan niet gedecodeerd worden. Herkend worden UTF-8 (met of zonder BOM), UTF-16 LE/BE met BOM (Excel 'Unicode-tekst') en anders Windows-1252 (Excel 'CSV (;)' op een Belgische Windows).",
            en: "The text of a CSV file cannot be decoded. Detected are UTF-8 (with or without BOM), UTF-16 LE/BE with BOM (Excel 'Unicode text') and otherwise Windows-1252 (Excel 'CSV (;)' on Belgian Windows).",
        },
        why: Text {
            nl: "Een verkeerd gedecodeerde naam (Ã© in plaats van é) komt zo in de upload terecht; liever stoppen dan raden.",
            en: "A wrongly decoded name (Ã© instead of é) would end up in the upload; better to stop than to guess.",
        },
        source: "vov-bulk contract (CONTRACT.md, --encoding)",
        fix: Text {
            nl: "Geef de tekenset op met --encoding utf-8, utf-16 of windows-1252, of sla het bestand opnieuw op als 'CSV UTF-8'.",
            en: "Give the encoding with --encoding utf-8, utf-16 or windows-1252, or save the file again as 'CSV UTF-8'.",
        },
        example: Text {
            nl: "Een bestand met --encoding utf-8 dat op regel 40 de Windows-1252-byte E9 (é) bevat: F002 met bestand en regel.",
            en: "A file given --encoding utf-8 that holds the Windows-1252 byte E9 (é) on line 40: F002 naming the file and line.",
        },
    },
};

pub const F003: Rule = Rule {
    code: crate::code::Code::F003,
    name: "missing-column",
    severity: "fatal",
    summary: Text {
        nl: "Een verplicht veld heeft geen kolom, ook niet via een alias.",
        en: "A required field has no column after header aliasing.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Na het koppelen van de kolomkoppen aan de canonieke velden (hoofdletters, accenten, spaties en leestekens tellen niet) ontbreekt een verplicht veld: werkgever_kbo, werknemer_insz, werknemer_naam, werknemer_voornaam, odb_nummer, aantal, startdatum of einddatum.",
            en: "After mapping the headers to the canonical fields (ignoring case, accents, spaces and punctuation) a required field is missing: werkgever_kbo, werknemer_insz, werknemer_naam, werknemer_voornaam, odb_nummer, aantal, startdatum or einddatum.",
        },
        why: Text {
            nl: "Zonder die velden kan het WSE-loket geen terugbetalingsaanvraag aanmaken; elke rij zou afgewezen worden.",
            en: "Without these fields the WSE-loket cannot create a reimbursement request; every row would be rejected.",
        },
        source: "vov-bulk contract (CONTRACT.md, input fields); schemas/input.schema.json",
        fix: Text {
            nl: "Hernoem de kolom naar de canonieke naam of een alias (zie 'vov-bulk template'), of geef een eigen schema met --input-schema.",
            en: "Rename the column to the canonical name or an alias (see 'vov-bulk template'), or give your own schema with --input-schema.",
        },
        example: Text {
            nl: "Een export met kolom 'Opleidingscode' in plaats van 'ODB-nummer': F003 noemt odb_nummer, de gevonden kolommen en de dichtste alias.",
            en: "An export with a column 'Opleidingscode' instead of 'ODB-nummer': F003 names odb_nummer, the headers found and the closest alias.",
        },
    },
};

pub const F004: Rule = Rule {
    code: crate::code::Code::F004,
    name: "ambiguous-column",
    severity: "fatal",
    summary: Text {
        nl: "Twee kolomkoppen verwijzen naar hetzelfde veld.",
        en: "Two headers map to the same field.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Twee kolommen worden na het koppelen hetzelfde canonieke veld, bv. 'Naam' en 'Achternaam'.",
            en: "Two columns map to the same canonical field, e.g. 'Naam' and 'Achternaam'.",
        },
        why: Text {
            nl: "Welke van de twee de juiste waarde heeft, valt niet te raden.",
            en: "Which of the two holds the right value cannot be guessed.",
        },
        source: "vov-bulk contract (CONTRACT.md, input fields)",
        fix: Text {
            nl: "Verwijder of hernoem een van de twee kolommen.",
            en: "Remove or rename one of the two columns.",
        },
        example: Text {
            nl: "Kolommen 'KBO' en 'Ondernemingsnummer' in één bestand: F004 noemt beide.",
            en: "Columns 'KBO' and 'Ondernemingsnummer' in one file: F004 names both.",
        },
    },
};

pub const F005: Rule = Rule {
    code: crate::code::Code::F005,
    name: "malformed-record",
    severity: "error",
    summary: Text {
        nl: "Een record is geen leesbare rij (verkeerd aantal velden, kapotte aanhalingstekens).",
        en: "A record cannot be read as a row (wrong field count, broken quoting).",
    },
    explanation: Explanation {
        what: Text {
            nl: "Een CSV-record heeft een ander aantal velden dan de kopregel, of aanhalingstekens die niet kloppen (tekst na een sluitend aanhalingsteken, een aanhalingsteken dat niet sluit).",
            en: "A CSV record has another number of fields than the header, or quotes that do not add up (text after a closing quote, a quote that never closes).",
        },
        why: Text {
            nl: "Als velden verschoven zijn, komt de naam in het INSZ-veld; zo'n rij mag niet ingediend worden. De rest van het bestand wordt wel gelezen.",
            en: "When fields are shifted, the name lands in the INSZ field; such a row must not be submitted. The rest of the file is still read.",
        },
        source: "vov-bulk contract (CONTRACT.md); RFC 4180",
        fix: Text {
            nl: "Open rejected.csv, herstel de rij (vaak een ; in een naam zonder aanhalingstekens) en lever ze opnieuw aan.",
            en: "Open rejected.csv, repair the row (often a ; in a name without quotes) and feed it back.",
        },
        example: Text {
            nl: "Regel 12 'Janssens;Jan;Peeters;...' met één veld te veel: F005 op payroll.csv:12, de andere rijen gaan door.",
            en: "Line 12 'Janssens;Jan;Peeters;...' with one field too many: F005 at payroll.csv:12, the other rows go on.",
        },
    },
};

pub const F006: Rule = Rule {
    code: crate::code::Code::F006,
    name: "no-data",
    severity: "fatal",
    summary: Text {
        nl: "Geen kopregel, of een kopregel zonder gegevensrijen.",
        en: "No header, or a header and no data rows.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Het bestand of blad is leeg, of bevat enkel een kopregel (lege rijen tellen niet).",
            en: "The file or sheet is empty, or holds only a header (blank rows do not count).",
        },
        why: Text {
            nl: "Een lege export wijst meestal op een mislukte export of het verkeerde blad; in een nachtelijke job moet dat opvallen.",
            en: "An empty export usually means a failed export or the wrong sheet; in a nightly job that must stand out.",
        },
        source: "vov-bulk contract (CONTRACT.md, exit codes)",
        fix: Text {
            nl: "Exporteer opnieuw, of kies het juiste blad met --sheet.",
            en: "Export again, or pick the right sheet with --sheet.",
        },
        example: Text {
            nl: "Een werkmap waarvan het eerste blad enkel koppen heeft: F006; de gegevens staan op 'Blad2', dus --sheet Blad2.",
            en: "A workbook whose first sheet has only headers: F006; the data is on 'Blad2', so --sheet Blad2.",
        },
    },
};

pub const F007: Rule = Rule {
    code: crate::code::Code::F007,
    name: "sheet-not-found",
    severity: "fatal",
    summary: Text {
        nl: "--sheet noemt geen bestaand blad; de melding somt de bladen op.",
        en: "--sheet names no sheet; the message lists the sheets.",
    },
    explanation: Explanation {
        what: Text {
            nl: "Het blad uit --sheet bestaat niet in de werkmap (zonder --sheet wordt het eerste zichtbare blad gelezen).",
            en: "The sheet given with --sheet does not exist in the workbook (without --sheet the first visible sheet is read).",
        },
        why: Text {
            nl: "Een ander blad lezen dan gevraagd zou verkeerde aanvragen opleveren.",
            en: "Reading another sheet than asked would produce the wrong requests.",
        },
        source: "vov-bulk contract (CONTRACT.md, --sheet)",
        fix: Text {
            nl: "Gebruik een van de opgesomde bladnamen.",
            en: "Use one of the sheet names listed.",
        },
        example: Text {
            nl: "--sheet November op een werkmap met 'Blad1' en 'Nov': F007 met 'Blad1, Nov'.",
            en: "--sheet November on a workbook with 'Blad1' and 'Nov': F007 listing 'Blad1, Nov'.",
        },
    },
};

pub fn unreadable(file: &str, reason: &str, lang: Lang) -> Fatal {
    Fatal {
        code: F001.code,
        file: file.to_string(),
        message: lang.pick_fmt(
            format_args!("kan het bestand niet lezen: {reason}"),
            format_args!("cannot read the file: {reason}"),
        ),
        help: F001.explanation.fix.get(lang).to_string(),
    }
}

pub fn undecodable(file: &str, line: u64, encoding: &str, lang: Lang) -> Fatal {
    Fatal {
        code: F002.code,
        file: file.to_string(),
        message: lang.pick_fmt(
            format_args!("regel {line} is geen geldige {encoding}-tekst"),
            format_args!("line {line} is not valid {encoding} text"),
        ),
        help: F002.explanation.fix.get(lang).to_string(),
    }
}

pub fn missing_columns(file: &str, missing: &[(String, Option<String>)], headers: &[String], lang: Lang) -> Fatal {
    let list = missing
        .iter()
        .map(|(field, closest)| match closest {
            Some(c) => lang.pick_fmt(
                format_args!("{field} (bedoelt u '{c}'?)"),
                format_args!("{field} (did you mean '{c}'?)"),
            ),
            None => field.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let found = headers.iter().map(|h| format!("'{h}'")).collect::<Vec<_>>().join(", ");
    Fatal {
        code: F003.code,
        file: file.to_string(),
        message: lang.pick_fmt(
            format_args!("verplichte kolom ontbreekt: {list}; gevonden kolommen: {found}"),
            format_args!("required column missing: {list}; headers found: {found}"),
        ),
        help: F003.explanation.fix.get(lang).to_string(),
    }
}

pub fn ambiguous_column(file: &str, field: &str, first: &str, second: &str, lang: Lang) -> Fatal {
    Fatal {
        code: F004.code,
        file: file.to_string(),
        message: lang.pick_fmt(
            format_args!("de kolommen '{first}' en '{second}' verwijzen allebei naar {field}"),
            format_args!("the columns '{first}' and '{second}' both map to {field}"),
        ),
        help: F004.explanation.fix.get(lang).to_string(),
    }
}

pub fn no_data(file: &str, header_seen: bool, lang: Lang) -> Fatal {
    Fatal {
        code: F006.code,
        file: file.to_string(),
        message: match header_seen {
            true => lang
                .pick("een kopregel maar geen gegevensrijen", "a header but no data rows")
                .to_string(),
            false => lang
                .pick("het bestand is leeg: geen kopregel", "the file is empty: no header")
                .to_string(),
        },
        help: F006.explanation.fix.get(lang).to_string(),
    }
}

pub fn sheet_not_found(file: &str, wanted: &str, sheets: &[String], lang: Lang) -> Fatal {
    let list = sheets.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ");
    Fatal {
        code: F007.code,
        file: file.to_string(),
        message: lang.pick_fmt(
            format_args!("blad '{wanted}' bestaat niet; bladen: {list}"),
            format_args!("no sheet '{wanted}'; sheets: {list}"),
        ),
        help: F007.explanation.fix.get(lang).to_string(),
    }
}

/// F005 on one record.
pub fn malformed_record(reason: &str, lang: Lang) -> Diagnostic {
    Diagnostic {
        code: F005.code,
        severity: Severity::Error,
        field: None,
        value: None,
        message: lang.pick_fmt(
            format_args!("onleesbaar record: {reason}"),
            format_args!("unreadable record: {reason}"),
        ),
        help: F005.explanation.fix.get(lang).into(),
    }
}

pub fn wrong_field_count(expected: usize, found: usize, lang: Lang) -> String {
    lang.pick_fmt(
        format_args!("{found} velden in plaats van {expected} (zoals de kopregel)"),
        format_args!("{found} fields instead of {expected} (as in the header)"),
    )
}

pub fn unclosed_quote(lang: Lang) -> String {
    lang.pick(
        "een aanhalingsteken (\") dat niet gesloten wordt".to_string(),
        "a quote (\") that is never closed".to_string(),
    )
}
