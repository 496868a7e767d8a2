//! The operating system's errors in the user's language: the sentence
//! around them names the file ([`cannot_write`], [`cannot_use`], F001), this
//! module says why.

use std::path::Path;

use crate::lang::{tr, trf, Lang};

/// Why the operating system refused a file operation, in `lang`: a reason
/// of our own for the common kinds, with the system's error number kept as
/// a suffix (`het bestaat al (os error 17)`) for whoever searches it; the
/// system's own (English) text for the other kinds.
pub(crate) fn reason(error: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind;
    // ENOSPC: the number is the same on Linux and macOS; the kind is also
    // checked for the systems where it differs.
    const NO_SPACE_LEFT: i32 = 28;
    let code = os_error_code(error);
    let reason = match error.kind() {
        ErrorKind::NotFound => tr!(lang,
            nl: "het bestand of de map bestaat niet",
            fr: "le fichier ou le dossier n'existe pas",
            en: "the file or folder does not exist",
        ),
        ErrorKind::PermissionDenied => tr!(lang, nl: "toegang geweigerd", fr: "accès refusé", en: "permission denied"),
        ErrorKind::AlreadyExists => tr!(lang, nl: "het bestaat al", fr: "il existe déjà", en: "it already exists"),
        ErrorKind::StorageFull => tr!(lang, nl: "de schijf is vol", fr: "le disque est plein", en: "the disk is full"),
        _ if code == Some(NO_SPACE_LEFT) => {
            tr!(lang, nl: "de schijf is vol", fr: "le disque est plein", en: "the disk is full")
        }
        ErrorKind::QuotaExceeded => tr!(lang,
            nl: "het schijfquotum is bereikt",
            fr: "le quota de disque est atteint",
            en: "the disk quota is exceeded",
        ),
        ErrorKind::ReadOnlyFilesystem => tr!(lang,
            nl: "het bestandssysteem is alleen-lezen",
            fr: "le système de fichiers est en lecture seule",
            en: "the file system is read-only",
        ),
        ErrorKind::IsADirectory => tr!(lang,
            nl: "het is een map, geen bestand",
            fr: "c'est un dossier, pas un fichier",
            en: "it is a folder, not a file",
        ),
        ErrorKind::NotADirectory => tr!(lang,
            nl: "een deel van het pad is een bestand, geen map",
            fr: "une partie du chemin est un fichier, pas un dossier",
            en: "part of the path is a file, not a folder",
        ),
        _ => return error.to_string(),
    };
    match code {
        Some(code) => format!("{reason} (os error {code})"),
        None => format!("{reason} ({error})"),
    }
}

/// The system's error number, also when a library wrapped the error and
/// kept only its text (the `tempfile` crate adds the temporary path:
/// "File exists (os error 17) at path …").
fn os_error_code(error: &std::io::Error) -> Option<i32> {
    error.raw_os_error().or_else(|| {
        let text = error.to_string();
        let (_, after) = text.split_once("(os error ")?;
        let (number, _) = after.split_once(')')?;
        number.parse().ok()
    })
}

/// "Kan 'out/x.csv' niet schrijven: het bestaat al (os error 17)".
pub(crate) fn cannot_write(path: &Path, error: &std::io::Error, lang: Lang) -> String {
    let (path, reason) = (path.display(), reason(error, lang));
    trf!(lang,
        nl: "Kan '{path}' niet schrijven: {reason}",
        fr: "Impossible d'écrire '{path}': {reason}",
        en: "Cannot write '{path}': {reason}",
    )
}

/// For a folder or a lock file that is read and written: "Kan '.out.lock'
/// niet gebruiken: toegang geweigerd (os error 13)".
pub(crate) fn cannot_use(path: &Path, error: &std::io::Error, lang: Lang) -> String {
    let (path, reason) = (path.display(), reason(error, lang));
    trf!(lang,
        nl: "Kan '{path}' niet gebruiken: {reason}",
        fr: "Impossible d'utiliser '{path}': {reason}",
        en: "Cannot use '{path}': {reason}",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Error as IoError, ErrorKind};

    #[test]
    fn an_error_of_another_kind_keeps_the_system_text() {
        let other = IoError::other("the disk went away");
        assert_eq!(reason(&other, Lang::Nl), "the disk went away");
        let unknown = IoError::from_raw_os_error(5);
        assert_eq!(reason(&unknown, Lang::Fr), unknown.to_string());
        let made_up = IoError::new(ErrorKind::PermissionDenied, "locked by policy");
        assert_eq!(reason(&made_up, Lang::Nl), "toegang geweigerd (locked by policy)");
    }

    #[test]
    fn a_wrapped_os_error_still_gives_its_number() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let wrapped = tempfile::NamedTempFile::new_in(dir.path().join("missing")).expect_err("no such folder");
        assert_eq!(wrapped.kind(), ErrorKind::NotFound);
        assert!(reason(&wrapped, Lang::Nl).ends_with("(os error 2)"), "{wrapped}");
    }

    #[test]
    fn the_common_kinds_get_a_reason_in_the_language() {
        let full = IoError::from_raw_os_error(28);
        assert_eq!(reason(&full, Lang::Fr), "le disque est plein (os error 28)");
        assert_eq!(reason(&full, Lang::Nl), "de schijf is vol (os error 28)");
        let denied = IoError::from_raw_os_error(13);
        assert_eq!(reason(&denied, Lang::En), "permission denied (os error 13)");
    }
}
