//! Publishing the outputs of `prepare` as a whole.
//!
//! Every output is first written into a private staging folder beside
//! `--out` (`.<name>.vov-bulk-new-<token>`, owner-only), made durable, and
//! then swapped with `--out` in one step: on Linux `renameat2` with
//! `RENAME_EXCHANGE` exchanges the two folders atomically, so a run killed at
//! any moment leaves `--out` with the complete previous outputs or the
//! complete new ones. What is left beside it (the staging folder, or the
//! previous outputs after the swap) is removed by the next run into the same
//! `--out`, with a note. `--out` is locked for the whole run by a lock file
//! beside it (`.<name>.vov-bulk.lock`, which may stay, empty).
//!
//! The folder that is swapped in holds the new outputs, a marker naming the
//! run ([`MARKER`]), and hard links to the files of the previous folder that
//! vov-bulk did not write (so a user's own files in `--out` survive).

use std::fs::File;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::lang::{tr, trf, Lang};
use crate::ledger::Publication;

/// The marker a run leaves in `--out`: which run wrote the folder.
pub const MARKER: &str = ".vov-bulk-run.json";

/// What the marker says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    pub tool: String,
    pub version: String,
    /// Unique per run; the ledger keeps it to tell whether the run's outputs
    /// were published (see `Ledger::resolve_pending`).
    pub token: String,
    /// The run's number in the ledger, when one was used.
    pub run: Option<i64>,
    pub ledger: Option<String>,
    pub as_of: String,
    /// The output files, by name.
    pub files: Vec<String>,
}

/// The token of the marker in `dir`, if it holds a readable one.
fn marker_token(dir: &Path) -> Option<String> {
    std::fs::read(dir.join(MARKER))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Marker>(&bytes).ok())
        .map(|marker| marker.token)
}

/// Whether the run with `token` published its outputs in `out_dir`: the
/// folder holds its marker.
pub fn published_by(out_dir: &Path, token: &str) -> bool {
    marker_token(out_dir).is_some_and(|t| t == token)
}

/// What the folders of a run that the ledger holds as pending tell (see
/// `Ledger::resolve_pending`): its marker in `out_dir` means published; its
/// staging folder beside `out_dir` (named after its token) holding its own
/// marker means it never swapped; that staging folder holding anything else
/// means the swap put the previous outputs there, so it did. Anything else
/// (the folder moved, renamed, on another machine) tells nothing.
pub fn publication(out_dir: &Path, token: &str) -> Publication {
    if published_by(out_dir, token) {
        return Publication::Published;
    }
    let (Some(parent), Some(name)) = (out_dir.parent(), out_dir.file_name()) else {
        return Publication::Unknown;
    };
    let staging = parent.join(format!(".{}.vov-bulk-new-{token}", name.to_string_lossy()));
    if token.is_empty() || !staging.is_dir() {
        return Publication::Unknown;
    }
    staged_verdict(&staging, token)
}

/// What a staging folder named after `token` says of its run.
fn staged_verdict(staging: &Path, token: &str) -> Publication {
    if marker_token(staging).is_some_and(|t| t == token) {
        Publication::NotPublished
    } else {
        Publication::Published
    }
}

/// In a debug build only, and only when `VOV_BULK_KILL_AT` names `step`: the
/// process kills itself with SIGKILL here, as `kill -9` at that moment
/// would. The steps of a publish: `staged` (the outputs staged), `committed`
/// (the ledger's run committed as pending), `swapped` (the folders
/// swapped), `cleaned` (the previous outputs removed), `marked` (the run
/// marked published). The kill tests (`tests/kills.rs`) reach
/// every step of a publish this way, where random moments rarely land in a
/// window a few milliseconds wide. A release build has no such point.
pub fn kill_point(step: &str) {
    #[cfg(all(debug_assertions, unix))]
    if std::env::var_os("VOV_BULK_KILL_AT").is_some_and(|at| at == step) {
        // SAFETY: raising a signal has no memory-safety preconditions.
        unsafe {
            libc::raise(libc::SIGKILL);
        }
    }
    #[cfg(not(all(debug_assertions, unix)))]
    let _ = step;
}

/// Why `--out` cannot be used. [`OutDirError::message`] says it in the
/// chosen language; `Display` gives the English.
#[derive(Debug, thiserror::Error)]
pub enum OutDirError {
    Busy {
        dir: PathBuf,
    },
    HasOutputs {
        dir: PathBuf,
        files: String,
    },
    NotAFolder {
        dir: PathBuf,
    },
    ForeignFolder {
        dir: PathBuf,
        name: String,
    },
    /// A symbolic link of the user's in `--out`: the swap cannot keep it.
    ForeignLink {
        dir: PathBuf,
        name: String,
    },
    /// `--out` is the current folder or holds it: the swap would leave the
    /// caller's shell in a deleted folder.
    HoldsCurrentFolder {
        dir: PathBuf,
    },
    /// The lock file beside `--out` is a symbolic link or not a plain file.
    LockNotAFile {
        path: PathBuf,
    },
    /// With `--replace`, an input lies inside `--out`.
    InputInside {
        dir: PathBuf,
        input: String,
    },
    /// With `--replace`, the replaced folder's uploads hold prepared, not
    /// submitted requests that this run does not write again.
    Unsubmitted {
        dir: PathBuf,
        count: usize,
        employers: String,
    },
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl std::fmt::Display for OutDirError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl OutDirError {
    /// What is wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            OutDirError::Busy { dir } => {
                let dir = dir.display();
                trf!(lang,
                    nl: "{dir}: een andere vov-bulk-run schrijft in deze map",
                    fr: "{dir}: une autre exécution de vov-bulk écrit dans ce dossier",
                    en: "{dir}: another vov-bulk run is writing into this folder",
                )
            }
            OutDirError::HasOutputs { dir, files } => {
                let dir = dir.display();
                trf!(lang,
                    nl: "{dir} bevat de uitvoer van een eerdere run ({files})",
                    fr: "{dir} contient les fichiers produits par une exécution précédente ({files})",
                    en: "{dir} holds the outputs of an earlier run ({files})",
                )
            }
            OutDirError::NotAFolder { dir } => {
                let dir = dir.display();
                trf!(lang,
                    nl: "{dir} is een bestand, geen map",
                    fr: "{dir} est un fichier, pas un dossier",
                    en: "{dir} is a file, not a folder",
                )
            }
            OutDirError::ForeignFolder { dir, name } => {
                let dir = dir.display();
                trf!(lang,
                    nl: "{dir} bevat een map '{name}' die vov-bulk niet schreef",
                    fr: "{dir} contient un dossier '{name}' que vov-bulk n'a pas écrit",
                    en: "{dir} holds a folder '{name}' that vov-bulk did not write",
                )
            }
            OutDirError::ForeignLink { name, .. } => {
                trf!(lang,
                    nl: "bevat een symbolische koppeling '{name}' die vov-bulk niet schreef en bij het vervangen niet kan bewaren",
                    fr: "contient un lien symbolique '{name}' que vov-bulk n'a pas écrit et ne peut pas garder en le remplaçant",
                    en: "holds a symbolic link '{name}' that vov-bulk did not write and cannot keep when it replaces the folder",
                )
            }
            OutDirError::HoldsCurrentFolder { .. } => {
                trf!(lang,
                    nl: "is de huidige map (of bevat ze): vov-bulk vervangt --out als geheel, en uw shell zou in een verwijderde map achterblijven",
                    fr: "est le dossier courant (ou le contient): vov-bulk remplace --out en bloc, et votre shell resterait dans un dossier supprimé",
                    en: "is the current folder (or holds it): vov-bulk replaces --out as a whole, and your shell would be left in a deleted folder",
                )
            }
            OutDirError::LockNotAFile { .. } => {
                trf!(lang,
                    nl: "dit slotbestand van vov-bulk is een symbolische koppeling of geen gewoon bestand; vov-bulk volgt het niet",
                    fr: "ce fichier de verrou de vov-bulk est un lien symbolique ou pas un fichier ordinaire; vov-bulk ne le suit pas",
                    en: "this lock file of vov-bulk is a symbolic link or not a plain file; vov-bulk does not follow it",
                )
            }
            OutDirError::InputInside { input, .. } => {
                trf!(lang,
                    nl: "de invoer {input} staat in deze map, die --replace als geheel vervangt: de verbetering zou door haar eigen resultaat vervangen worden",
                    fr: "l'entrée {input} se trouve dans ce dossier, que --replace remplace en bloc: la correction serait remplacée par son propre résultat",
                    en: "the input {input} lies inside this folder, which --replace replaces as a whole: the correction would be replaced by its own result",
                )
            }
            OutDirError::Unsubmitted { count, employers, .. } => {
                let requests = crate::lang::count!(lang, *count,
                    nl: ("voorbereide aanvraag", "voorbereide aanvragen"),
                    fr: ("demande préparée", "demandes préparées"),
                    en: ("prepared request", "prepared requests"));
                trf!(lang,
                    nl: "de uploads in deze map bevatten {requests} die nog niet als ingediend bekend zijn en die deze run niet opnieuw schrijft (werkgevers: {employers}); --replace zou ze weggooien",
                    fr: "les fichiers de chargement de ce dossier contiennent {requests} pas encore connues comme introduites et que cette exécution n'écrit pas à nouveau (employeurs: {employers}); --replace les jetterait",
                    en: "the uploads in this folder hold {requests} not yet known as submitted that this run does not write again (employers: {employers}); --replace would throw them away",
                )
            }
            OutDirError::Io { path, source } => crate::os_error::cannot_use(path, source, lang),
        }
    }

    /// Whether [`OutDirError::message`] names the file itself (an error of
    /// the operating system, wrapped in a sentence).
    pub fn names_its_file(&self) -> bool {
        matches!(self, OutDirError::Io { .. })
    }

    /// How to fix it, for the user.
    pub fn help(&self, lang: Lang) -> String {
        match self {
            OutDirError::Busy { .. } => tr!(lang,
                nl: "Wacht tot die run klaar is, of kies een andere --out.",
                fr: "Attendez que cette exécution soit terminée, ou choisissez un autre --out.",
                en: "Wait until that run has finished, or choose another --out.",
            ),
            OutDirError::HasOutputs { .. } => tr!(lang,
                nl: "Geef --replace om ze als geheel te vervangen, of kies een lege --out.",
                fr: "Donnez --replace pour les remplacer en bloc, ou choisissez un --out vide.",
                en: "Give --replace to replace them as a whole, or choose an empty --out.",
            ),
            OutDirError::NotAFolder { .. } => tr!(lang,
                nl: "Geef een map als --out.",
                fr: "Donnez un dossier comme --out.",
                en: "Give a folder as --out.",
            ),
            OutDirError::ForeignFolder { .. } => tr!(lang,
                nl: "vov-bulk vervangt --out als geheel: geef het een eigen map.",
                fr: "vov-bulk remplace --out en bloc: donnez-lui un dossier à lui.",
                en: "vov-bulk replaces --out as a whole: give it a folder of its own.",
            ),
            OutDirError::ForeignLink { .. } => tr!(lang,
                nl: "Verplaats de koppeling uit --out, of kies een andere --out.",
                fr: "Déplacez le lien hors de --out, ou choisissez un autre --out.",
                en: "Move the link out of --out, or choose another --out.",
            ),
            OutDirError::HoldsCurrentFolder { .. } => tr!(lang,
                nl: "Geef een eigen map onder de huidige, bijvoorbeeld --out uit.",
                fr: "Donnez un dossier à lui sous le dossier courant, par exemple --out sortie.",
                en: "Give a folder of its own below the current one, for example --out out.",
            ),
            OutDirError::LockNotAFile { .. } => tr!(lang,
                nl: "Verwijder het: vov-bulk maakt zijn slotbestand zelf aan.",
                fr: "Supprimez-le: vov-bulk crée lui-même son fichier de verrou.",
                en: "Remove it: vov-bulk creates its lock file itself.",
            ),
            OutDirError::InputInside { .. } => tr!(lang,
                nl: "Schrijf de verbeterde run in een nieuwe map: --out met een andere naam (zonder --replace).",
                fr: "Écrivez l'exécution corrigée dans un nouveau dossier: --out avec un autre nom (sans --replace).",
                en: "Write the corrected run into a new folder: --out with another name (without --replace).",
            ),
            OutDirError::Unsubmitted { .. } => tr!(lang,
                nl: "Laad die uploads eerst op en meld ze met `vov-bulk ledger submitted DIR`, of kies een andere --out, of geef --discard-unsubmitted om ze in het register vrij te geven (een latere run bereidt ze dan opnieuw voor).",
                fr: "Chargez d'abord ces fichiers et signalez-les avec `vov-bulk ledger submitted DIR`, ou choisissez un autre --out, ou donnez --discard-unsubmitted pour les libérer dans le registre (une exécution ultérieure les préparera à nouveau).",
                en: "Upload them first and record it with `vov-bulk ledger submitted DIR`, or choose another --out, or give --discard-unsubmitted to release them in the ledger (a later run then prepares them again).",
            ),
            OutDirError::Io { .. } => tr!(lang,
                nl: "Controleer de rechten en de vrije ruimte van de map.",
                fr: "Vérifiez les droits et l'espace libre du dossier.",
                en: "Check the folder's permissions and free space.",
            ),
        }
        .to_string()
    }

    pub fn path(&self) -> &Path {
        match self {
            OutDirError::Busy { dir }
            | OutDirError::HasOutputs { dir, .. }
            | OutDirError::NotAFolder { dir }
            | OutDirError::ForeignFolder { dir, .. }
            | OutDirError::ForeignLink { dir, .. }
            | OutDirError::HoldsCurrentFolder { dir }
            | OutDirError::InputInside { dir, .. }
            | OutDirError::Unsubmitted { dir, .. } => dir,
            OutDirError::Io { path, .. } | OutDirError::LockNotAFile { path } => path,
        }
    }
}

/// How many employers a refusal names (then `+N`).
const MAX_NAMED: usize = 10;

impl OutDirError {
    /// The refusal of a `--replace` of `dir` that would throw away these
    /// prepared requests.
    pub fn unsubmitted(dir: PathBuf, unwritten: &[crate::ledger::UnwrittenRequest]) -> OutDirError {
        let mut employers: Vec<String> = unwritten
            .iter()
            .map(|r| match &r.werkgever_naam {
                Some(name) if !name.trim().is_empty() => format!("{} ({})", r.kbo, name.trim()),
                _ => r.kbo.clone(),
            })
            .collect();
        employers.sort();
        employers.dedup();
        let more = employers.len().saturating_sub(MAX_NAMED);
        employers.truncate(MAX_NAMED);
        let mut named = employers.join(", ");
        if more > 0 {
            named.push_str(&format!(", +{more}"));
        }
        OutDirError::Unsubmitted {
            dir,
            count: unwritten.len(),
            employers: named,
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutDirError + '_ {
    move |source| OutDirError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Whether a file name is one that vov-bulk writes into `--out`.
pub fn is_output_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.starts_with("wse-vov_") && lower.ends_with(".csv"))
        || matches!(
            lower.as_str(),
            "rejected.csv" | "rejected.xlsx" | "report.json" | "report.html" | MARKER
        )
}

/// Temporary files that versions before 0.2 left in `--out` when killed.
fn is_old_temp_name(name: &str) -> bool {
    name.starts_with(".vov-bulk-") && name.ends_with(".tmp")
}

/// `--out`, locked for this run, with its staging folder.
#[derive(Debug)]
pub struct OutDir {
    /// `--out` as the user gave it, for messages and the report.
    shown: PathBuf,
    target: PathBuf,
    parent: PathBuf,
    staging: Option<tempfile::TempDir>,
    token: String,
    _lock: File,
    existed: bool,
    /// The marker of the outputs this run replaces, if they had one.
    pub previous: Option<Marker>,
    /// What was found and cleaned up (for the report's notes).
    pub notes: Vec<String>,
    /// The staging folders of killed runs that were removed: each run's
    /// token and what its folder told of it (see [`publication`]).
    pub leftovers: Vec<(String, Publication)>,
}

impl OutDir {
    /// Locks `--out` and prepares its staging folder. Refuses a folder with
    /// another run's outputs unless `replace`. Removes what killed runs left.
    pub fn open(out: &Path, replace: bool, lang: Lang) -> Result<OutDir, OutDirError> {
        // A symlinked `--out` is published where it points: swapping the
        // link itself would replace the user's link by a folder.
        let target = match std::fs::canonicalize(out) {
            Ok(real) => real,
            Err(_) => std::path::absolute(out).map_err(io(out))?,
        };
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
            .ok_or_else(|| OutDirError::NotAFolder { dir: target.clone() })?;
        let parent = target
            .parent()
            .map(Path::to_path_buf)
            .ok_or_else(|| OutDirError::NotAFolder { dir: target.clone() })?;
        // A file where a folder is needed (`--out report.csv/new`, or a file
        // in the way higher up) is named as such: creating the folders
        // would only say "File exists (os error 17)".
        if let Some(file) = target
            .ancestors()
            .find(|p| std::fs::metadata(p).is_ok_and(|meta| !meta.is_dir()))
        {
            return Err(OutDirError::NotAFolder {
                dir: file.to_path_buf(),
            });
        }
        // Swapping the current folder (or one holding it) would leave the
        // caller's shell in a folder that no longer exists.
        if let Ok(here) = std::env::current_dir().and_then(std::fs::canonicalize) {
            if here.starts_with(&target) {
                return Err(OutDirError::HoldsCurrentFolder { dir: target });
            }
        }
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        let lock_path = parent.join(format!(".{name}.vov-bulk.lock"));
        let lock = open_lock(&lock_path)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(OutDirError::Busy { dir: target }),
            Err(std::fs::TryLockError::Error(e)) => return Err(io(&lock_path)(e)),
        }
        let mut notes = Vec::new();
        let leftovers = remove_leftovers(&parent, &name, &mut notes, lang)?;
        let existed = match std::fs::metadata(&target) {
            Ok(meta) if meta.is_dir() => true,
            Ok(_) => return Err(OutDirError::NotAFolder { dir: target }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(io(&target)(e)),
        };
        let mut previous = None;
        if existed {
            let mut outputs = Vec::new();
            for entry in std::fs::read_dir(&target).map_err(io(&target))? {
                let entry = entry.map_err(io(&target))?;
                let file_name = entry.file_name().to_string_lossy().into_owned();
                let kind = entry.file_type().map_err(io(&entry.path()))?;
                if is_old_temp_name(&file_name) && kind.is_file() {
                    std::fs::remove_file(entry.path()).map_err(io(&entry.path()))?;
                    let removed = entry.path();
                    let removed = removed.display();
                    notes.push(trf!(lang,
                        nl: "{removed}: tijdelijk bestand van een afgebroken run verwijderd",
                        fr: "{removed}: fichier temporaire d'une exécution arrêtée supprimé",
                        en: "{removed}: temporary file of a killed run removed",
                    ));
                } else if kind.is_symlink() {
                    // The swap keeps the user's files (hard links), not links.
                    return Err(OutDirError::ForeignLink {
                        dir: target,
                        name: file_name,
                    });
                } else if is_output_name(&file_name) {
                    outputs.push(file_name);
                } else if kind.is_dir() {
                    return Err(OutDirError::ForeignFolder {
                        dir: target,
                        name: file_name,
                    });
                }
            }
            outputs.sort();
            // The marker alone (a run that wrote nothing else) still counts,
            // but is not worth naming.
            let named: Vec<String> = outputs.iter().filter(|n| n.as_str() != MARKER).cloned().collect();
            let outputs = if named.is_empty() { outputs } else { named };
            if !outputs.is_empty() && !replace {
                let mut shown: Vec<String> = outputs.iter().take(3).cloned().collect();
                if outputs.len() > 3 {
                    let more = outputs.len() - 3;
                    shown.push(trf!(lang, nl: "en nog {more}", fr: "et {more} autres", en: "and {more} more"));
                }
                return Err(OutDirError::HasOutputs {
                    dir: target,
                    files: shown.join(", "),
                });
            }
            previous = std::fs::read(target.join(MARKER))
                .ok()
                .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        }
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.vov-bulk-new-"))
            .tempdir_in(&parent)
            .map_err(io(&parent))?;
        let token = staging
            .path()
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.rsplit('-').next())
            .unwrap_or_default()
            .to_string();
        Ok(OutDir {
            shown: out.to_path_buf(),
            target,
            parent,
            staging: Some(staging),
            token,
            _lock: lock,
            existed,
            previous,
            notes,
            leftovers,
        })
    }

    /// What the folders of a pending run tell of it: what a staging folder
    /// removed by [`OutDir::open`] told, else [`publication`].
    pub fn publication(&self, out_dir: &Path, token: &str) -> Publication {
        match self.leftovers.iter().find(|(t, _)| t == token) {
            Some((_, told)) => *told,
            None => publication(out_dir, token),
        }
    }

    /// `--out` as an absolute path: where the outputs will be.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// `--out` as the user gave it (relative paths stay relative in the report).
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// Where this run writes its outputs (final names) until [`OutDir::publish`].
    pub fn staging(&self) -> &Path {
        match &self.staging {
            Some(dir) => dir.path(),
            None => &self.target,
        }
    }

    /// This run's token (see [`Marker::token`]).
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Writes the marker, makes the staging folder durable, runs
    /// `before_swap` (the ledger records the run as pending), then swaps the
    /// staging folder in as `--out`. Files of the previous `--out` that
    /// vov-bulk did not write are kept. An error before the swap leaves
    /// `--out` as it was.
    pub fn publish<E: From<OutDirError>>(
        mut self,
        marker: &Marker,
        before_swap: impl FnOnce() -> Result<(), E>,
    ) -> Result<(), E> {
        let Some(staging) = self.staging.take() else {
            return Ok(());
        };
        let staging_path = staging.path().to_path_buf();
        let marker_path = staging_path.join(MARKER);
        let bytes = serde_json::to_vec_pretty(marker).map_err(|e| io(&marker_path)(std::io::Error::other(e)))?;
        let mut marker_file = new_file(&marker_path).map_err(io(&marker_path))?;
        std::io::Write::write_all(&mut marker_file, &bytes).map_err(io(&marker_path))?;
        drop(marker_file);
        let mode = if self.existed {
            self.keep_own_files(&staging_path)?;
            folder_mode(&self.target)
        } else {
            default_folder_mode(&self.parent)
        };
        set_mode(&staging_path, mode).map_err(io(&staging_path))?;
        super::flush_to_disk(&staging_path, std::iter::empty()).map_err(io(&staging_path))?;
        kill_point("staged");
        before_swap()?;
        kill_point("committed");
        let swapped = if self.existed {
            swap(&staging_path, &self.target)
        } else {
            std::fs::rename(&staging_path, &self.target)
        };
        if let Err(e) = swapped {
            // Not swapped: the staging folder, with its personal data, is
            // removed now (dropping it), not left for a next run.
            drop(staging);
            return Err(io(&self.target)(e).into());
        }
        // From here on the folder is published; the staging path holds the
        // previous outputs (or nothing), which are removed now or next run.
        let staging_path = staging.keep();
        sync_folder(&self.parent).map_err(io(&self.parent))?;
        kill_point("swapped");
        if self.existed {
            // Best effort: a failure here leaves a private folder that the
            // next run removes.
            let _ = std::fs::remove_dir_all(&staging_path);
        }
        kill_point("cleaned");
        Ok(())
    }

    /// Hard-links (or copies) the files of the current `--out` that are not
    /// vov-bulk's outputs into the staging folder.
    fn keep_own_files(&self, staging: &Path) -> Result<(), OutDirError> {
        for entry in std::fs::read_dir(&self.target).map_err(io(&self.target))? {
            let entry = entry.map_err(io(&self.target))?;
            let name = entry.file_name();
            let shown = name.to_string_lossy();
            if is_output_name(&shown) || !entry.file_type().map_err(io(&entry.path()))?.is_file() {
                continue;
            }
            let to = staging.join(&name);
            if std::fs::hard_link(entry.path(), &to).is_err() {
                std::fs::copy(entry.path(), &to).map_err(io(&to))?;
            }
        }
        Ok(())
    }
}

/// Opens (or creates, owner-only) the lock file beside `--out`, never
/// following a symbolic link planted there: the lock would otherwise create
/// or lock a file elsewhere.
fn open_lock(path: &Path) -> Result<File, OutDirError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let refused = || OutDirError::LockNotAFile {
        path: path.to_path_buf(),
    };
    if std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_file()) {
        return Err(refused());
    }
    match options.open(path) {
        Ok(file) if file.metadata().is_ok_and(|m| m.is_file()) => Ok(file),
        Ok(_) => Err(refused()),
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => Err(refused()),
        Err(e) => Err(io(path)(e)),
    }
}

/// A new file, created no more readable than the umask allows.
fn new_file(path: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new().write(true).create_new(true).open(path)
}

/// Staging and retired folders of earlier runs into this `--out` that were
/// killed (we hold the lock, so no live run owns them). Returns each one's
/// token and what it told of its run, before it was removed.
fn remove_leftovers(
    parent: &Path,
    name: &str,
    notes: &mut Vec<String>,
    lang: Lang,
) -> Result<Vec<(String, Publication)>, OutDirError> {
    let prefix = format!(".{name}.vov-bulk-new-");
    let mut told = Vec::new();
    for entry in std::fs::read_dir(parent).map_err(io(parent))? {
        let entry = entry.map_err(io(parent))?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(token) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let path = entry.path();
        if !token.is_empty() && !token.contains('.') {
            told.push((token.to_string(), staged_verdict(&path, token)));
        }
        std::fs::remove_dir_all(&path).map_err(io(&path))?;
        let removed = path.display();
        notes.push(trf!(lang,
            nl: "{removed}: privémap van een afgebroken of onderbroken run verwijderd",
            fr: "{removed}: dossier privé d'une exécution arrêtée ou interrompue supprimé",
            en: "{removed}: private folder of a killed or interrupted run removed",
        ));
    }
    Ok(told)
}

#[cfg(unix)]
fn folder_mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).map_or(0o700, |m| m.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn folder_mode(_: &Path) -> u32 {
    0
}

/// The mode a new folder gets here: what the umask allows (learnt from a probe).
#[cfg(unix)]
fn default_folder_mode(parent: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    let probe = parent.join(format!(".vov-bulk-probe-{}", std::process::id()));
    let mode = match std::fs::create_dir(&probe) {
        Ok(()) => std::fs::metadata(&probe).map_or(0o700, |m| m.permissions().mode() & 0o777),
        Err(_) => 0o700,
    };
    let _ = std::fs::remove_dir(&probe);
    mode
}

#[cfg(not(unix))]
fn default_folder_mode(_: &Path) -> u32 {
    0
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> std::io::Result<()> {
    Ok(())
}

/// The swap, which a test can make fail (as a mount point as `--out` does).
fn swap(staging: &Path, target: &Path) -> std::io::Result<()> {
    #[cfg(test)]
    if tests::FAIL_SWAP.with(std::cell::Cell::get) {
        return Err(std::io::Error::from_raw_os_error(libc::EBUSY));
    }
    exchange(staging, target)
}

/// Exchanges two folders atomically (Linux), so that `--out` is never
/// missing nor half-written.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(std::io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(std::io::Error::other)?;
    // SAFETY: both paths are NUL-terminated C strings that outlive the call.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Elsewhere: two renames; a run killed between them leaves `--out` missing
/// and the previous outputs in the staging folder's place.
#[cfg(not(target_os = "linux"))]
fn exchange(staging: &Path, target: &Path) -> std::io::Result<()> {
    let retired = staging.with_extension("old");
    std::fs::rename(target, &retired)?;
    std::fs::rename(staging, target)?;
    std::fs::rename(&retired, staging)
}

fn sync_folder(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(path)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// Makes [`swap`] fail on this thread.
        pub(super) static FAIL_SWAP: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    fn marker(token: &str) -> Marker {
        Marker {
            tool: "vov-bulk".into(),
            version: "test".into(),
            token: token.into(),
            run: None,
            ledger: None,
            as_of: "2026-11-22".into(),
            files: vec!["report.json".into()],
        }
    }

    fn publish(out: &Path, replace: bool, content: &str) -> Result<(), OutDirError> {
        let dir = OutDir::open(out, replace, Lang::En)?;
        std::fs::write(dir.staging().join("report.json"), content).unwrap();
        let token = dir.token().to_string();
        dir.publish(&marker(&token), || Ok::<(), OutDirError>(()))
    }

    #[test]
    fn a_new_folder_appears_whole_and_a_second_run_needs_replace() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        publish(&out, false, "one").unwrap();
        assert_eq!(std::fs::read_to_string(out.join("report.json")).unwrap(), "one");
        assert!(out.join(MARKER).exists());
        let token: Marker = serde_json::from_slice(&std::fs::read(out.join(MARKER)).unwrap()).unwrap();
        assert!(published_by(&out, &token.token));
        assert!(!published_by(&out, "another"));
        let refused = publish(&out, false, "two").unwrap_err();
        assert!(matches!(refused, OutDirError::HasOutputs { .. }), "{refused}");
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        publish(&out, true, "two").unwrap();
        assert_eq!(std::fs::read_to_string(out.join("report.json")).unwrap(), "two");
        assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        // Only the lock file is left beside --out.
        let beside: Vec<String> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(beside.len(), 2, "{beside:?}");
    }

    #[test]
    fn a_locked_folder_is_busy_and_leftovers_are_removed() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        let first = OutDir::open(&out, false, Lang::En).unwrap();
        let busy = OutDir::open(&out, false, Lang::En).unwrap_err();
        assert!(matches!(busy, OutDirError::Busy { .. }), "{busy}");
        // A killed run: its staging folder stays behind.
        let left = first.staging().to_path_buf();
        std::mem::forget(first.staging);
        drop(first._lock);
        assert!(left.exists());
        let next = OutDir::open(&out, false, Lang::En).unwrap();
        assert!(!left.exists());
        assert_eq!(next.notes.len(), 1, "{:?}", next.notes);
    }

    #[test]
    fn a_failure_before_the_swap_leaves_the_folder_as_it_was() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        publish(&out, false, "one").unwrap();
        let dir = OutDir::open(&out, true, Lang::En).unwrap();
        std::fs::write(dir.staging().join("report.json"), "two").unwrap();
        let failed = dir.publish(&marker("x"), || {
            Err(OutDirError::Io {
                path: PathBuf::from("ledger"),
                source: std::io::Error::other("no"),
            })
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(out.join("report.json")).unwrap(), "one");
    }

    #[test]
    fn a_failed_swap_leaves_no_staging_folder_and_the_folder_as_it_was() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        publish(&out, false, "one").unwrap();
        FAIL_SWAP.with(|f| f.set(true));
        for _ in 0..3 {
            let failed = publish(&out, true, "two with 85073003328");
            assert!(matches!(failed, Err(OutDirError::Io { .. })), "{failed:?}");
        }
        FAIL_SWAP.with(|f| f.set(false));
        assert_eq!(std::fs::read_to_string(out.join("report.json")).unwrap(), "one");
        let staged: Vec<String> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("vov-bulk-new"))
            .collect();
        assert!(staged.is_empty(), "{staged:?}");
    }

    #[test]
    fn a_pending_runs_folders_tell_whether_it_swapped() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        publish(&out, false, "one").unwrap();
        let token = marker_token(&out).unwrap();
        assert_eq!(publication(&out, &token), Publication::Published);
        // Moved away: nothing tells.
        assert_eq!(publication(&out, "gone"), Publication::Unknown);
        // Killed before the swap: its staging folder holds its own marker.
        let dir = OutDir::open(&out, true, Lang::En).unwrap();
        let staged = dir.staging().to_path_buf();
        let own = dir.token().to_string();
        std::fs::write(staged.join(MARKER), serde_json::to_vec(&marker(&own)).unwrap()).unwrap();
        assert_eq!(publication(&out, &own), Publication::NotPublished);
        // Killed after the swap: the staging folder holds the previous outputs.
        std::fs::write(staged.join(MARKER), serde_json::to_vec(&marker("earlier")).unwrap()).unwrap();
        assert_eq!(publication(&out, &own), Publication::Published);
        std::fs::write(staged.join(MARKER), serde_json::to_vec(&marker(&own)).unwrap()).unwrap();
        std::mem::forget(dir.staging);
        drop(dir._lock);
        // The next run removes it, and keeps what it told.
        let next = OutDir::open(&out, true, Lang::En).unwrap();
        assert!(!staged.exists());
        assert_eq!(next.publication(&out, &own), Publication::NotPublished);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_out_is_published_where_it_points() {
        let root = tempfile::tempdir().unwrap();
        let real = root.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let link = root.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        publish(&link, false, "one").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(real.join("report.json")).unwrap(), "one");
    }

    #[test]
    fn a_folder_with_outputs_is_refused_in_french() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        std::fs::create_dir(&out).unwrap();
        for name in [
            "rejected.csv",
            "report.json",
            "wse-vov_1.csv",
            "wse-vov_2.csv",
            "wse-vov_3.csv",
        ] {
            std::fs::write(out.join(name), "x").unwrap();
        }
        let refused = OutDir::open(&out, false, Lang::Fr).unwrap_err();
        let message = refused.message(Lang::Fr);
        assert!(
            message.ends_with(
                "contient les fichiers produits par une exécution précédente (rejected.csv, report.json, wse-vov_1.csv, et 2 autres)"
            ),
            "{message}"
        );
        assert_eq!(
            refused.help(Lang::Fr),
            "Donnez --replace pour les remplacer en bloc, ou choisissez un --out vide."
        );
        let io = OutDirError::Io {
            path: PathBuf::from("out/.lock"),
            source: std::io::Error::from_raw_os_error(30),
        };
        assert_eq!(
            io.message(Lang::Fr),
            "Impossible d'utiliser 'out/.lock': le système de fichiers est en lecture seule (os error 30)"
        );
        assert_eq!(
            io.to_string(),
            "Cannot use 'out/.lock': the file system is read-only (os error 30)"
        );
    }

    #[test]
    fn a_foreign_subfolder_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        std::fs::create_dir_all(out.join("inputs")).unwrap();
        let refused = OutDir::open(&out, true, Lang::En).unwrap_err();
        assert!(matches!(refused, OutDirError::ForeignFolder { .. }), "{refused}");
    }
}
