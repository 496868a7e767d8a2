//! Expanding the command line's inputs: a directory stands for every
//! supported file in it, sorted by name.

use std::path::Path;

use crate::lang::{count, tr, trf, Lang};
use crate::reader::{input_kind, CSV_EXTENSIONS, SPREADSHEET_EXTENSIONS};
use crate::rules::file::{self, Fatal};

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    /// The inputs to read, in order.
    pub paths: Vec<String>,
    /// Files in a directory that are not read (unsupported type, hidden,
    /// subdirectory), for the report.
    pub skipped: Vec<String>,
}

/// Replaces every directory among `args` by its supported files (not
/// recursively), sorted by name.
pub fn expand(args: &[String], lang: Lang) -> Result<Expanded, Fatal> {
    let mut expanded = Expanded::default();
    for arg in args {
        let path = Path::new(arg);
        if arg == "-" || !path.is_dir() {
            expanded.paths.push(arg.clone());
            continue;
        }
        let entries = std::fs::read_dir(path).map_err(|e| file::unreadable_os(arg, &e, lang))?;
        let mut names: Vec<(String, bool)> = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| file::unreadable_os(arg, &e, lang))?;
            let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
            names.push((entry.path().display().to_string(), is_file));
        }
        names.sort();
        let before = expanded.paths.len();
        let skipped_before = expanded.skipped.len();
        for (name, is_file) in names {
            let file_name = Path::new(&name)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            // Lock files of office programs (~$x.xlsx, .~lock.x#) and hidden files are never inputs,
            // nor what vov-bulk itself wrote (uploads, rejected.*, report.*): a folder
            // that is both input and --out must not feed a run its own outputs.
            let hidden = file_name.starts_with('.') || file_name.starts_with("~$");
            let own_output = crate::writer::publish::is_output_name(file_name);
            if is_file && !hidden && !own_output && input_kind(&name).is_some() {
                expanded.paths.push(name);
            } else {
                expanded.skipped.push(name);
            }
        }
        if expanded.paths.len() == before {
            let others = expanded.skipped.len() - skipped_before;
            return Err(no_inputs_in_folder(arg, others, lang));
        }
    }
    Ok(expanded)
}

/// F001 for a folder given as input that holds no input file: named as
/// such, with help about folders (F001's own help is about passwords and
/// renamed files, which does not apply).
fn no_inputs_in_folder(folder: &str, others: usize, lang: Lang) -> Fatal {
    let kinds = format!("{}, {}", CSV_EXTENSIONS.join(", "), SPREADSHEET_EXTENSIONS.join(", "));
    let message = if others == 0 {
        trf!(lang,
            nl: "de map is leeg: er is geen invoerbestand ({kinds}) in",
            fr: "le dossier est vide: il ne contient aucun fichier d'entrée ({kinds})",
            en: "the folder is empty: it holds no input file ({kinds})",
        )
    } else {
        // Dutch and English keep one form for every number, as they always
        // did; French puts one file in the singular.
        let others = count!(lang, others,
            nl: ("andere bestanden of mappen", "andere bestanden of mappen"),
            fr: ("autre fichier ou dossier ignoré", "autres fichiers ou dossiers ignorés"),
            en: ("other files or folders", "other files or folders"),
        );
        trf!(lang,
            nl: "de map bevat geen invoerbestand ({kinds}); {others} overgeslagen",
            fr: "le dossier ne contient aucun fichier d'entrée ({kinds}); {others}",
            en: "the folder holds no input file ({kinds}); {others} skipped",
        )
    };
    Fatal {
        code: crate::code::Code::F001,
        file: folder.to_string(),
        message,
        help: tr!(lang,
            nl: "Zet de exports of rekenbladen in deze map, of geef de bestanden zelf op; submappen en verborgen bestanden worden niet gelezen.",
            fr: "Placez les exports ou tableurs dans ce dossier, ou indiquez les fichiers eux-mêmes; les sous-dossiers et les fichiers cachés ne sont pas lus.",
            en: "Put the exports or spreadsheets in this folder, or give the files themselves; subfolders and hidden files are not read.",
        )
        .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_gives_its_supported_files_sorted() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "b.csv",
            "a.xlsx",
            "c.pdf",
            ".hidden.csv",
            "~$a.xlsx",
            "d.TXT",
            "wse-vov_0403170701.csv",
            "rejected.csv",
            "rejected.xlsx",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub.csv")).unwrap();
        let d = dir.path().display().to_string();
        let expanded = expand(&[d.clone(), "-".into()], Lang::En).unwrap();
        let names: Vec<String> = expanded
            .paths
            .iter()
            .map(|p| {
                Path::new(p)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| p.clone())
            })
            .collect();
        assert_eq!(names, vec!["a.xlsx", "b.csv", "d.TXT", "-"]);
        assert_eq!(expanded.skipped.len(), 7);
    }

    #[test]
    fn a_directory_without_inputs_is_f001() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.pdf"), "x").unwrap();
        let err = expand(&[dir.path().display().to_string()], Lang::En).unwrap_err();
        assert_eq!(err.code, "F001");
        assert!(
            err.message.ends_with("; 1 other files or folders skipped"),
            "{}",
            err.message
        );
        let err = expand(&[dir.path().display().to_string()], Lang::Nl).unwrap_err();
        assert!(
            err.message.ends_with("); 1 andere bestanden of mappen overgeslagen"),
            "{}",
            err.message
        );
        let err = expand(&[dir.path().display().to_string()], Lang::Fr).unwrap_err();
        assert!(
            err.message.ends_with("; 1 autre fichier ou dossier ignoré"),
            "{}",
            err.message
        );
        std::fs::write(dir.path().join("notes.docx"), "x").unwrap();
        let err = expand(&[dir.path().display().to_string()], Lang::Fr).unwrap_err();
        assert!(
            err.message.ends_with("; 2 autres fichiers ou dossiers ignorés"),
            "{}",
            err.message
        );
        let empty = tempfile::tempdir().unwrap();
        let err = expand(&[empty.path().display().to_string()], Lang::Nl).unwrap_err();
        assert!(err.message.starts_with("de map is leeg"), "{}", err.message);
    }
}
