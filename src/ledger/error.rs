//! What can go wrong with the ledger. Every message names the file concerned
//! and says what to do: these errors end a run (exit 2) and are read by
//! people who did not write the code.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use crate::lang::{tr, trf, Lang, Localized};

/// A ledger that cannot be used, or an input of `ledger import` /
/// `ledger submitted` that cannot be read.
/// [`LedgerError::message`] says it in the chosen language; `Display`
/// gives the English.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// SQLite could not open the file.
    Open {
        /// The ledger file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// A file next to the ledger (the ledger itself, its folder, its lock
    /// file) or an input file could not be created, read or changed.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Neither `VOV_LEDGER` nor a user data directory gives a place for the ledger.
    NoDataDir,
    /// The file is not a vov-bulk ledger.
    NotALedger {
        /// The file.
        path: PathBuf,
    },
    /// The path is not a plain file (a device such as `/dev/null`, a folder,
    /// a pipe): SQLite would put its journal beside it.
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// A ledger with tables but no schema version: made or changed by hand.
    NoSchemaVersion {
        /// The file.
        path: PathBuf,
    },
    /// A newer vov-bulk wrote the ledger with a schema this one does not know.
    TooNew {
        /// The ledger file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest schema version this build knows.
        supported: i64,
    },
    /// A reading command met a ledger of an older schema; only a writing
    /// command upgrades it.
    NeedsUpgrade {
        /// The ledger file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The schema version this build writes.
        current: i64,
    },
    /// Another process held the ledger longer than the wait allows.
    Busy {
        /// The ledger file.
        path: PathBuf,
    },
    /// Any other SQLite failure.
    Sql {
        /// The ledger file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// A stored value that vov-bulk never writes.
    Corrupt {
        /// The ledger file.
        path: PathBuf,
        /// Which row and value.
        detail: Localized,
    },
    /// A write on a ledger opened with [`crate::ledger::Ledger::open_read_only`].
    ReadOnly {
        /// The ledger file.
        path: PathBuf,
    },
    /// A run to be marked is no longer pending (another process resolved it).
    RunNotPending {
        /// The ledger file.
        path: PathBuf,
        /// The run.
        run: i64,
        /// Its state in the ledger (`published`, `abandoned`, or `missing`).
        state: String,
    },
    /// An input of `ledger import` or `ledger submitted` that cannot be used.
    Input {
        /// `file` or `file:line`.
        place: String,
        /// What is wrong and what to do.
        problem: Localized,
        /// The ledger that was left as it was.
        ledger: PathBuf,
    },
    /// A dossier overview schema (`--schema FILE`) that cannot be used.
    Schema {
        /// The schema file.
        path: PathBuf,
        /// What is wrong.
        problem: Localized,
    },
}

impl LedgerError {
    /// The file the error is about, where one is: the ledger, or the file
    /// that could not be used. `None` when the message itself names the place
    /// (an input's `file:line`) or there is no file.
    pub fn path(&self) -> Option<&Path> {
        match self {
            LedgerError::Open { path, .. }
            | LedgerError::Io { path, .. }
            | LedgerError::NotALedger { path }
            | LedgerError::TooNew { path, .. }
            | LedgerError::NeedsUpgrade { path, .. }
            | LedgerError::Busy { path }
            | LedgerError::NotAFile { path }
            | LedgerError::NoSchemaVersion { path }
            | LedgerError::Sql { path, .. }
            | LedgerError::Corrupt { path, .. }
            | LedgerError::ReadOnly { path }
            | LedgerError::RunNotPending { path, .. }
            | LedgerError::Schema { path, .. } => Some(path),
            LedgerError::NoDataDir | LedgerError::Input { .. } => None,
        }
    }

    /// Whether [`LedgerError::message`] names the file itself (an error of
    /// the operating system, wrapped in a sentence).
    pub fn names_its_file(&self) -> bool {
        matches!(self, LedgerError::Io { .. })
    }

    /// What is wrong and what to do, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            LedgerError::Open { path, source } => {
                let path = path.display();
                trf!(lang,
                    nl: "kan het register {path} niet openen: {source}; controleer het pad en of u het mag lezen en schrijven, of kies een ander register met --ledger of VOV_LEDGER",
                    fr: "impossible d'ouvrir le registre {path}: {source}; vérifiez le chemin et que vous pouvez le lire et l'écrire, ou choisissez un autre registre avec --ledger ou VOV_LEDGER",
                    en: "cannot open the ledger {path}: {source}; check the path and that you may read and write it, or choose another ledger with --ledger or VOV_LEDGER",
                )
            }
            LedgerError::Io { path, source } => {
                let cannot = crate::os_error::cannot_use(path, source, lang);
                trf!(lang,
                    nl: "{cannot}; controleer of de map bestaat en of u erin mag schrijven, of kies een ander register met --ledger of VOV_LEDGER",
                    fr: "{cannot}; vérifiez que le dossier existe et que vous pouvez y écrire, ou choisissez un autre registre avec --ledger ou VOV_LEDGER",
                    en: "{cannot}; check that the folder exists and that you may write it, or choose another ledger with --ledger or VOV_LEDGER",
                )
            }
            LedgerError::NoDataDir => tr!(lang,
                nl: "geen plaats voor het register: dit systeem noemt geen gegevensmap van de gebruiker (is HOME ingesteld?); geef er een met --ledger FILE of VOV_LEDGER",
                fr: "aucun emplacement pour le registre: ce système n'indique aucun dossier de données de l'utilisateur (HOME est-il défini?); indiquez-en un avec --ledger FILE ou VOV_LEDGER",
                en: "no place for the ledger: this system names no user data directory (is HOME set?); give one with --ledger FILE or VOV_LEDGER",
            )
            .to_string(),
            LedgerError::NotALedger { path } => {
                let path = path.display();
                trf!(lang,
                    nl: "{path} is geen vov-bulk-register (een andere databank of een ander soort bestand): geef het register met --ledger of VOV_LEDGER, of een pad waar er nog geen is om er een te beginnen",
                    fr: "{path} n'est pas un registre vov-bulk (une autre base de données ou un autre type de fichier): indiquez le registre avec --ledger ou VOV_LEDGER, ou un chemin où il n'en existe pas encore pour en commencer un",
                    en: "{path} is not a vov-bulk ledger (another database or another kind of file): give the ledger with --ledger or VOV_LEDGER, or a path where none exists yet to start one",
                )
            }
            LedgerError::NotAFile { path } => {
                let path = path.display();
                trf!(lang,
                    nl: "{path} is geen gewoon bestand (een apparaat, een map of een pipe) en kan geen register zijn: geef met --ledger of VOV_LEDGER een bestand, of een pad waar er nog geen is om er een te beginnen",
                    fr: "{path} n'est pas un fichier ordinaire (un périphérique, un dossier ou un tube) et ne peut pas être un registre: indiquez un fichier avec --ledger ou VOV_LEDGER, ou un chemin où il n'en existe pas encore pour en commencer un",
                    en: "{path} is not a plain file (a device, a folder or a pipe) and cannot be a ledger: give a file with --ledger or VOV_LEDGER, or a path where none exists yet to start one",
                )
            }
            LedgerError::NoSchemaVersion { path } => {
                let path = path.display();
                trf!(lang,
                    nl: "het register {path} heeft tabellen maar geen schemaversie (user_version 0): het werd buiten vov-bulk gemaakt of gewijzigd; zet het terug uit een back-up, of begin een nieuw register met een ander pad",
                    fr: "le registre {path} a des tables mais aucune version de schéma (user_version 0): il a été créé ou modifié en dehors de vov-bulk; restaurez-le à partir d'une sauvegarde, ou commencez un nouveau registre avec un autre chemin",
                    en: "the ledger {path} has tables but no schema version (user_version 0): it was made or changed outside vov-bulk; restore it from a backup, or start a new ledger at another path",
                )
            }
            LedgerError::TooNew { path, found, supported } => {
                let path = path.display();
                trf!(lang,
                    nl: "het register {path} werd geschreven door een nieuwere vov-bulk (schema {found}, deze kent {supported}): werk vov-bulk bij",
                    fr: "le registre {path} a été écrit par une version plus récente de vov-bulk (schéma {found}, celle-ci connaît {supported}): mettez vov-bulk à jour",
                    en: "the ledger {path} was written by a newer vov-bulk (schema {found}, this one knows {supported}): upgrade vov-bulk",
                )
            }
            LedgerError::NeedsUpgrade { path, found, current } => {
                let path = path.display();
                trf!(lang,
                    nl: "het register {path} heeft schema {found} en deze vov-bulk gebruikt schema {current}; deze opdracht leest alleen: voer `vov-bulk ledger import`, `vov-bulk ledger submitted` of `vov-bulk prepare` één keer uit om het bij te werken",
                    fr: "le registre {path} a le schéma {found} et ce vov-bulk utilise le schéma {current}; cette commande ne fait que lire: exécutez une fois `vov-bulk ledger import`, `vov-bulk ledger submitted` ou `vov-bulk prepare` pour le mettre à jour",
                    en: "the ledger {path} has schema {found} and this vov-bulk uses schema {current}; this command only reads: run `vov-bulk ledger import`, `vov-bulk ledger submitted` or `vov-bulk prepare` once to upgrade it",
                )
            }
            LedgerError::Busy { path } => {
                let path = path.display();
                trf!(lang,
                    nl: "het register {path} is bezet: een andere vov-bulk-run houdt het langer vast dan de wachttijd (VOV_LEDGER_WAIT_SECS, standaard 30 s); probeer later opnieuw, of kijk welke vov-bulk-run nog loopt",
                    fr: "le registre {path} est occupé: une autre exécution de vov-bulk le garde plus longtemps que l'attente (VOV_LEDGER_WAIT_SECS, par défaut 30 s); réessayez plus tard, ou voyez quelle exécution de vov-bulk tourne encore",
                    en: "the ledger {path} is busy: another vov-bulk run holds it longer than the wait (VOV_LEDGER_WAIT_SECS, default 30 s); retry later, or see which vov-bulk run is still going",
                )
            }
            LedgerError::Sql { path, source } => {
                let (path, hint) = (path.display(), sql_hint(source, lang));
                trf!(lang,
                    nl: "het register {path}: {source}; {hint}",
                    fr: "le registre {path}: {source}; {hint}",
                    en: "the ledger {path}: {source}; {hint}",
                )
            }
            LedgerError::Corrupt { path, detail } => {
                let (path, detail) = (path.display(), detail.get(lang));
                trf!(lang,
                    nl: "het register {path} bevat {detail}: het werd buiten vov-bulk gewijzigd; zet het terug uit een back-up",
                    fr: "le registre {path} contient {detail}: il a été modifié en dehors de vov-bulk; restaurez-le à partir d'une sauvegarde",
                    en: "the ledger {path} holds {detail}: it was changed outside vov-bulk; restore it from a backup",
                )
            }
            LedgerError::ReadOnly { path } => {
                let path = path.display();
                trf!(lang,
                    nl: "het register {path} werd alleen om te lezen geopend; deze opdracht kan het niet wijzigen (gebruik `vov-bulk ledger ...` of `prepare`)",
                    fr: "le registre {path} a été ouvert en lecture seule; cette commande ne peut pas le modifier (utilisez `vov-bulk ledger ...` ou `prepare`)",
                    en: "the ledger {path} was opened for reading only; this command cannot change it (use `vov-bulk ledger ...` or `prepare`)",
                )
            }
            LedgerError::RunNotPending { path, run, state } => {
                let path = path.display();
                trf!(lang,
                    nl: "run {run} in het register {path} is {state}, niet in afwachting: een ander vov-bulk-proces heeft ze afgehandeld terwijl deze run schreef (gebruiken meerdere processen dit register zonder zijn slot?); voer deze opdracht opnieuw uit",
                    fr: "l'exécution {run} du registre {path} est {state}, pas en attente: un autre processus vov-bulk l'a réglée pendant que cette exécution écrivait (plusieurs processus utilisent-ils ce registre sans son verrou?); relancez cette commande",
                    en: "run {run} in the ledger {path} is {state}, not pending: another vov-bulk process resolved it while this run was writing (do several processes use this ledger without its lock?); run this command again",
                )
            }
            LedgerError::Input { place, problem, ledger } => {
                let (ledger, problem) = (ledger.display(), problem.get(lang));
                trf!(lang,
                    nl: "{place}: {problem}; er werd niets gewijzigd in het register {ledger}",
                    fr: "{place}: {problem}; rien n'a été modifié dans le registre {ledger}",
                    en: "{place}: {problem}; nothing was changed in the ledger {ledger}",
                )
            }
            LedgerError::Schema { path, problem } => {
                let (path, problem) = (path.display(), problem.get(lang));
                trf!(lang,
                    nl: "dossierschema {path}: {problem}; verbeter het (`vov-bulk schema dossiers` toont het ingebouwde om van te vertrekken)",
                    fr: "schéma des dossiers {path}: {problem}; corrigez-le (`vov-bulk schema dossiers` affiche le schéma intégré comme point de départ)",
                    en: "dossier schema {path}: {problem}; fix it (`vov-bulk schema dossiers` prints the built-in one to start from)",
                )
            }
        }
    }
}

impl LedgerError {
    /// The help line under the message, only where it fits: the one about
    /// the ledger's path (--ledger, VOV_LEDGER) when the problem is the
    /// ledger file itself, the one about the other run when it is busy.
    /// A problem of an overview's row, a status word or a dossier schema has
    /// none: its message names the place and what to do, and the ledger was
    /// not the trouble.
    pub fn help(&self, lang: Lang) -> Option<&'static str> {
        match self {
            LedgerError::Open { .. }
            | LedgerError::Io { .. }
            | LedgerError::NotAFile { .. }
            | LedgerError::NoDataDir
            | LedgerError::NotALedger { .. }
            | LedgerError::Sql { .. }
            | LedgerError::Corrupt { .. } => Some(tr!(lang,
                nl: "Controleer het pad van het register (--ledger, VOV_LEDGER); --no-ledger werkt zonder.",
                fr: "Vérifiez le chemin du registre (--ledger, VOV_LEDGER); --no-ledger travaille sans registre.",
                en: "Check the ledger's path (--ledger, VOV_LEDGER); --no-ledger works without one.",
            )),
            LedgerError::Busy { .. } | LedgerError::RunNotPending { .. } => Some(tr!(lang,
                nl: "Controleer of geen andere vov-bulk-run het register vasthoudt, en voer dan opnieuw uit.",
                fr: "Vérifiez qu'aucune autre exécution de vov-bulk ne garde le registre, puis relancez.",
                en: "Check that no other vov-bulk run holds the ledger, then run again.",
            )),
            LedgerError::TooNew { .. }
            | LedgerError::NoSchemaVersion { .. }
            | LedgerError::NeedsUpgrade { .. }
            | LedgerError::ReadOnly { .. }
            | LedgerError::Input { .. }
            | LedgerError::Schema { .. } => None,
        }
    }
}

impl std::fmt::Display for LedgerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// What to do about an SQLite failure, by its kind.
fn sql_hint(e: &rusqlite::Error, lang: Lang) -> &'static str {
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => tr!(lang,
            nl: "maak schijfruimte vrij en voer opnieuw uit",
            fr: "libérez de l'espace disque et relancez",
            en: "free disk space and run again",
        ),
        Some(ErrorCode::ReadOnly) | Some(ErrorCode::PermissionDenied) => tr!(lang,
            nl: "controleer of u het registerbestand en zijn map mag schrijven (SQLite zet er -wal- en -shm-bestanden naast)",
            fr: "vérifiez que vous pouvez écrire le fichier du registre et son dossier (SQLite ajoute des fichiers -wal et -shm à côté)",
            en: "check that you may write the ledger file and its folder (SQLite adds -wal and -shm files next to it)",
        ),
        Some(ErrorCode::DatabaseCorrupt) => tr!(lang,
            nl: "het bestand is beschadigd: zet het terug uit een back-up",
            fr: "le fichier est endommagé: restaurez-le à partir d'une sauvegarde",
            en: "the file is damaged: restore it from a backup",
        ),
        Some(ErrorCode::SystemIoFailure) | Some(ErrorCode::CannotOpen) => tr!(lang,
            nl: "controleer de schijf of de netwerkschijf waarop het register staat en voer dan opnieuw uit",
            fr: "vérifiez le disque ou le partage réseau où se trouve le registre, puis relancez",
            en: "check the disk or network share the ledger is on, then run again",
        ),
        _ => tr!(lang,
            nl: "voer opnieuw uit; blijft het, zet het register dan terug uit een back-up en meld de boodschap",
            fr: "relancez; si cela persiste, restaurez le registre à partir d'une sauvegarde et signalez le message",
            en: "run again; if it persists, restore the ledger from a backup and report the message",
        ),
    }
}

/// Maps an SQLite error on `path` to the variant that says what to do.
pub(crate) fn sql(path: &Path) -> impl Fn(rusqlite::Error) -> LedgerError + '_ {
    move |source| match source.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => LedgerError::Busy {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::NotADatabase) => LedgerError::NotALedger {
            path: path.to_path_buf(),
        },
        _ => LedgerError::Sql {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// Maps an I/O error on `path` to [`LedgerError::Io`].
pub(crate) fn io(path: &Path) -> impl Fn(std::io::Error) -> LedgerError + '_ {
    move |source| LedgerError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What [`corrupt`] says of a run's stored value that does not read back:
/// `column` is the ledger's own column name.
pub(crate) fn unreadable_in_run(id: i64, column: &str) -> Localized {
    Localized::new(|lang| {
        trf!(lang,
            nl: "run {id} met een onleesbare {column}",
            fr: "l'exécution {id} avec un {column} illisible",
            en: "run {id} with an unreadable {column}",
        )
    })
}

/// As [`unreadable_in_run`], for a request.
pub(crate) fn unreadable_in_request(id: i64, column: &str) -> Localized {
    Localized::new(|lang| {
        trf!(lang,
            nl: "aanvraag {id} met een onleesbare {column}",
            fr: "la demande {id} avec un {column} illisible",
            en: "request {id} with an unreadable {column}",
        )
    })
}

/// A stored value that does not read back.
pub(crate) fn corrupt(path: &Path, detail: Localized) -> LedgerError {
    LedgerError::Corrupt {
        path: path.to_path_buf(),
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ledger_error_speaks_the_chosen_language() {
        let busy = LedgerError::Busy {
            path: PathBuf::from("ledger.sqlite"),
        };
        assert!(
            busy.message(Lang::Fr)
                .starts_with("le registre ledger.sqlite est occupé: une autre exécution de vov-bulk"),
            "{}",
            busy.message(Lang::Fr)
        );
        assert!(busy
            .message(Lang::Nl)
            .starts_with("het register ledger.sqlite is bezet"));
        assert_eq!(busy.to_string(), busy.message(Lang::En));
        // The path once: the lock is the ledger itself.
        assert_eq!(busy.to_string().matches("ledger.sqlite").count(), 1, "{busy}");
        let not_a_ledger = LedgerError::NotALedger {
            path: PathBuf::from("other.sqlite"),
        };
        assert!(not_a_ledger.to_string().contains("is not a vov-bulk ledger"));
        assert!(not_a_ledger
            .message(Lang::Fr)
            .contains("n'est pas un registre vov-bulk"));
    }

    #[test]
    fn an_os_error_on_the_ledger_is_a_sentence_naming_the_file() {
        let denied = io(Path::new("/data/ledger.sqlite.lock"))(std::io::Error::from_raw_os_error(13));
        let message = denied.message(Lang::Fr);
        assert!(
            message
                .starts_with("Impossible d'utiliser '/data/ledger.sqlite.lock': accès refusé (os error 13); vérifiez"),
            "{message}"
        );
        assert!(denied.names_its_file());
        assert!(!LedgerError::NoDataDir.names_its_file());
    }

    #[test]
    fn only_a_problem_of_the_ledger_file_gets_the_help_about_its_path() {
        let input = LedgerError::Input {
            place: "overzicht.csv:3".into(),
            problem: Localized::new(|_| "'Approuvé'".to_string()),
            ledger: PathBuf::from("ledger.sqlite"),
        };
        assert_eq!(input.help(Lang::Nl), None);
        let schema = LedgerError::Schema {
            path: PathBuf::from("dossiers.json"),
            problem: Localized::new(|_| "x".to_string()),
        };
        assert_eq!(schema.help(Lang::Fr), None);
        let not_a_ledger = LedgerError::NotALedger {
            path: PathBuf::from("other.sqlite"),
        };
        assert!(not_a_ledger.help(Lang::En).is_some_and(|h| h.contains("VOV_LEDGER")));
        let busy = LedgerError::Busy {
            path: PathBuf::from("ledger.sqlite"),
        };
        assert!(busy.help(Lang::En).is_some_and(|h| !h.contains("VOV_LEDGER")));
    }
}
