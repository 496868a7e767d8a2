//! The command line in the chosen language: every about, help text and
//! example of `--help`, the headings of the help, the built-in `--help`,
//! `--version` and `help`, and value parsers whose errors speak it.
//!
//! The language is decided before clap parses anything
//! ([`language_before_parsing`]), as clap writes the help while it parses.
//! The texts live here, not in doc comments on [`super::Cli`]: a doc comment
//! has one language.
//!
//! English keeps clap's own layout byte for byte. Dutch and French get a help
//! template with their own headings, and the `[default: …]`, `[env: …]` and
//! `[possible values: …]` that clap writes in English are written here
//! instead. What stays English, as clap writes it: `[OPTIONS]` in the usage
//! line and the value names (`<FILE>`, `<DIR>`, `<N>` …).

use std::ffi::OsString;

use clap::builder::ValueParser;
use clap::{Arg, ArgAction, Command, CommandFactory};

use super::{generate, Cli};
use crate::lang::{tr, trf, Lang};

/// The language to speak before the command line is parsed: `--lang X` or
/// `--lang=X` anywhere before `--`, else `VOV_LANG`, else Dutch. A value
/// that is no language counts as Dutch here; clap then refuses it with its
/// usual error.
pub(super) fn language_before_parsing(args: &[OsString]) -> Lang {
    let mut given = None;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--lang" {
            given = words.next().map(|value| value.into_owned());
        } else if let Some(value) = word.strip_prefix("--lang=") {
            given = Some(value.to_string());
        }
    }
    let given = given.or_else(|| std::env::var("VOV_LANG").ok());
    given.and_then(|value| value.parse().ok()).unwrap_or_default()
}

/// The command line in `lang`, named `bin_name` in its usage lines, ready
/// to parse or to render (help, manual page, completions).
pub(super) fn command(lang: Lang, bin_name: &str) -> Command {
    let mut command = localize(Cli::command(), lang).bin_name(bin_name.to_string());
    if lang == Lang::En {
        // clap's own built-in flags and `help` already speak English.
        return command;
    }
    // The built-in `--help`, `--version` and `help` exist once the command
    // is built; they are then given their texts in place (keeping every
    // argument where it is, as clap's lookup expects).
    command.build();
    localize_built_in(command, lang)
}

/// Sets the texts of `command` and of its subcommands, before clap builds it.
fn localize(command: Command, lang: Lang) -> Command {
    let name = command.get_name().to_string();
    let mut command = command.mut_args(|arg| localize_arg(arg, &name, lang));
    if let Some(about) = about(&name, lang) {
        command = command.about(about);
    }
    if name == "vov-bulk" {
        command = command.long_about(long_about(lang));
    }
    if let Some(examples) = generate::examples(&name, lang) {
        command = command.after_help(examples);
    }
    if lang != Lang::En {
        let template = help_template(&command, lang);
        command = command
            .help_template(template)
            .subcommand_value_name(tr!(lang, nl: "OPDRACHT", fr: "COMMANDE", en: "COMMAND"));
    }
    command.mut_subcommands(|sub| localize(sub, lang))
}

/// Clap's default layout with the headings in `lang`: usage, then the
/// sections this command has.
fn help_template(command: &Command, lang: Lang) -> String {
    let styles = command.get_styles();
    let (usage, header) = (styles.get_usage(), styles.get_header());
    let (usage_on, usage_off, header_on, header_off) = (
        usage.render(),
        usage.render_reset(),
        header.render(),
        header.render_reset(),
    );
    let mut template = format!(
        "{{before-help}}{{about-with-newline}}\n{usage_on}{}{usage_off} {{usage}}",
        tr!(lang, nl: "Gebruik:", fr: "Utilisation:", en: "Usage:")
    );
    let mut section = |heading: &str, tag: &str| {
        template.push_str(&format!("\n\n{header_on}{heading}{header_off}\n{tag}"));
    };
    if command.has_subcommands() {
        section(
            tr!(lang, nl: "Opdrachten:", fr: "Commandes:", en: "Commands:"),
            "{subcommands}",
        );
    }
    if command.get_positionals().any(|arg| !arg.is_hide_set()) {
        section(
            tr!(lang, nl: "Argumenten:", fr: "Paramètres:", en: "Arguments:"),
            "{positionals}",
        );
    }
    // Before clap builds a command, its `--help` is not among its arguments yet.
    let has_options = !command.is_disable_help_flag_set()
        || command
            .get_arguments()
            .any(|arg| !arg.is_positional() && !arg.is_hide_set());
    if !has_options {
        template.push_str("{after-help}");
        return template;
    }
    section(tr!(lang, nl: "Opties:", fr: "Options:", en: "Options:"), "{options}");
    template.push_str("{after-help}");
    template
}

/// One argument's help text and value parser in `lang`.
fn localize_arg(arg: Arg, command: &str, lang: Lang) -> Arg {
    let id = arg.get_id().as_str().to_string();
    let mut arg = match arg_help(command, &id, lang) {
        Some(help) => arg.help(help),
        None => arg,
    };
    if let Some(parser) = value_parser(&id, lang) {
        arg = arg.value_parser(parser);
    }
    if lang == Lang::En {
        arg
    } else {
        spell_out_values(arg, lang)
    }
}

/// Writes what clap would add in English after an argument's help (its
/// environment variable, default and possible values) in `lang`, and hides
/// clap's own.
fn spell_out_values(arg: Arg, lang: Lang) -> Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let mut help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    if let Some(name) = arg.get_env() {
        let value = std::env::var_os(name).unwrap_or_default();
        let (name, value) = (name.to_string_lossy(), value.to_string_lossy());
        help.push_str(&trf!(lang,
            nl: " [omgeving: {name}={value}]",
            fr: " [environnement: {name}={value}]",
            en: " [env: {name}={value}]",
        ));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() {
        let value = defaults.join(", ");
        help.push_str(
            &trf!(lang, nl: " [standaard: {value}]", fr: " [par défaut: {value}]", en: " [default: {value}]"),
        );
    }
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|value| !value.is_hide_set())
        .map(|value| value.get_name().to_string())
        .collect();
    if !possible.is_empty() {
        let values = possible.join(", ");
        help.push_str(&trf!(lang,
            nl: " [mogelijke waarden: {values}]",
            fr: " [valeurs possibles: {values}]",
            en: " [possible values: {values}]",
        ));
    }
    arg.help(help.trim_start().to_string())
        .hide_env(true)
        .hide_default_value(true)
        .hide_possible_values(true)
}

/// Gives the built-in `--help`, `--version` and `help` of a built command
/// (and of its subcommands) their texts in `lang`.
fn localize_built_in(command: Command, lang: Lang) -> Command {
    command
        .mut_args(|arg| match arg.get_action() {
            ArgAction::Help => {
                // clap points from the summary to the long help when there is one.
                let points_further = arg.get_long_help().is_some();
                if points_further {
                    arg.help(tr!(lang,
                        nl: "Toon de hulp (meer met '--help')",
                        fr: "Afficher l'aide (plus avec '--help')",
                        en: "Print help (see more with '--help')",
                    ))
                    .long_help(tr!(lang,
                        nl: "Toon de hulp (een samenvatting met '-h')",
                        fr: "Afficher l'aide (un résumé avec '-h')",
                        en: "Print help (see a summary with '-h')",
                    ))
                } else {
                    arg.help(tr!(lang, nl: "Toon de hulp", fr: "Afficher l'aide", en: "Print help"))
                }
            }
            ArgAction::Version => {
                arg.help(tr!(lang, nl: "Toon de versie", fr: "Afficher la version", en: "Print version"))
            }
            _ => arg,
        })
        .mut_subcommands(|sub| {
            if sub.get_name() == "help" {
                localize_help_command(sub, lang)
            } else {
                localize_built_in(sub, lang)
            }
        })
}

/// The built-in `help` command and the `help` commands clap puts inside it.
fn localize_help_command(command: Command, lang: Lang) -> Command {
    let template = help_template(&command, lang);
    command
        .help_template(template)
        .subcommand_value_name(tr!(lang, nl: "OPDRACHT", fr: "COMMANDE", en: "COMMAND"))
        .about(tr!(lang,
            nl: "Toon deze hulp of die van de gegeven opdracht(en)",
            fr: "Afficher cette aide ou celle de la ou des commandes données",
            en: "Print this message or the help of the given subcommand(s)",
        ))
        .mut_args(|arg| {
            arg.help(tr!(lang,
                nl: "Toon de hulp van de opdracht(en)",
                fr: "Afficher l'aide de la ou des commandes",
                en: "Print help for the subcommand(s)",
            ))
        })
        .mut_subcommands(|sub| {
            if sub.get_name() == "help" {
                localize_help_command(sub, lang)
            } else {
                sub
            }
        })
}

/// A command's one-line description.
fn about(command: &str, lang: Lang) -> Option<&'static str> {
    Some(match command {
        "vov-bulk" => tr!(lang,
            nl: "Zet loonexports en rekenbladen om in bulkuploads voor het WSE-loket voor Vlaams opleidingsverlof (VOV).",
            fr: "Convertit les exports de paie et les feuilles de calcul en fichiers de chargement groupé (upload) pour le guichet WSE (WSE-loket), pour le congé-formation flamand (VOV).",
            en: "Turns payroll exports and spreadsheets into WSE-loket bulk uploads for Vlaams opleidingsverlof (VOV).",
        ),
        "check" => tr!(lang,
            nl: "Valideer; toon het leesbare rapport; schrijf geen bestanden behalve met --report",
            fr: "Valider; afficher le rapport lisible; n'écrire aucun fichier sauf avec --report",
            en: "Validate; print the human report; write no files unless --report",
        ),
        "prepare" => tr!(lang,
            nl: "Valideer, schrijf de uploadbestanden, rejected.csv en report.json, en noteer de voorbereide aanvragen in het register",
            fr: "Valider, écrire les fichiers de chargement (upload), rejected.csv et report.json, et noter les demandes préparées dans le registre",
            en: "Validate, write the upload files, rejected.csv and report.json, and record the prepared requests in the ledger",
        ),
        "agenda" => tr!(lang,
            nl: "Wat nog naar het WSE-loket moet, per werkgever, volgens laatste dag om in te dienen",
            fr: "Ce qui doit encore parvenir au guichet WSE (WSE-loket), par employeur, selon le dernier jour pour introduire",
            en: "What must still reach the WSE-loket, per employer, by last day to submit",
        ),
        "ledger" => tr!(lang,
            nl: "Het register: dossieroverzichten inlezen, uploads noteren, aanvragen oplijsten",
            fr: "Le registre: importer les aperçus de dossiers, noter les chargements, lister les demandes",
            en: "The ledger: import dossier overviews, record uploads, list requests",
        ),
        "import" => tr!(lang,
            nl: "Lees dossieroverzichten van het WSE-loket (CSV) in het register: statussen en dossiernummers",
            fr: "Lire les aperçus de dossiers du guichet WSE (WSE-loket, CSV) dans le registre: statuts et numéros de dossier",
            en: "Read WSE-loket dossier overviews (CSV) into the ledger: statuses and dossier numbers",
        ),
        "submitted" => tr!(lang,
            nl: "Noteer dat deze uploadbestanden (of elke upload in deze mappen) naar het WSE-loket werden opgeladen",
            fr: "Noter que ces fichiers de chargement (ou chaque fichier de chargement dans ces dossiers) ont été chargés au guichet WSE (WSE-loket)",
            en: "Record that these upload files (or every upload in these folders) were uploaded to the WSE-loket",
        ),
        "release" => tr!(lang,
            nl: "Geef de voorbereide, niet ingediende aanvragen van deze uploadbestanden (of mappen) vrij: de volgende run bereidt ze opnieuw voor",
            fr: "Libérer les demandes préparées, non introduites, de ces fichiers de chargement (ou dossiers): la prochaine exécution les prépare à nouveau",
            en: "Release the prepared, not submitted requests of these upload files (or folders): the next run prepares them again",
        ),
        "list" => tr!(lang,
            nl: "De aanvragen in het register (hun huidige versie)",
            fr: "Les demandes du registre (leur version actuelle)",
            en: "The requests in the ledger (their current version)",
        ),
        "rules" => tr!(lang,
            nl: "Elke regel: code, naam, ernst, één zin",
            fr: "Toutes les règles: code, nom, gravité, une ligne",
            en: "Every rule: code, name, severity, one line",
        ),
        "explain" => tr!(lang,
            nl: "Eén regel volledig: wat, waarom, bron, hoe op te lossen, een voorbeeld",
            fr: "Une règle en entier: quoi, pourquoi, source, comment corriger, un exemple",
            en: "One rule in full: what, why, source, how to fix, an example",
        ),
        "schema" => tr!(lang,
            nl: "Toon een ingebouwd schema (JSON), om te kopiëren en aan te passen: input, upload of dossiers",
            fr: "Afficher un schéma intégré (JSON), à copier et adapter: input, upload ou dossiers",
            en: "Print a built-in schema (JSON), to copy and adapt: input, upload or dossiers",
        ),
        "regulation" => tr!(lang,
            nl: "De cijfers van elk schooljaar die gelden, met hun status (bevestigd of voorlopig) en bronnen; --template geeft het bestand om aan te passen",
            fr: "Les chiffres de chaque année scolaire en vigueur, avec leur statut (confirmé ou provisoire) et leurs sources; --template donne le fichier à adapter",
            en: "The figures of each school year in force, with their status (confirmed or provisional) and sources; --template gives the file to edit",
        ),
        "template" => tr!(lang,
            nl: "Een leeg invoerbestand met de canonieke kolomkoppen",
            fr: "Un fichier d'entrée vide avec les en-têtes de colonne canoniques",
            en: "An empty input file with the canonical headers",
        ),
        "completions" => tr!(lang,
            nl: "Shell-aanvullingen: voeg ze toe aan de opstart van uw shell (zie de README)",
            fr: "Complétions pour le shell: ajoutez-les au démarrage de votre shell (voir le README)",
            en: "Shell completions: add them to your shell's start-up (see the README)",
        ),
        "man" => tr!(lang,
            nl: "De handleidingpagina (roff), bv. `vov-bulk man > vov-bulk.1`",
            fr: "La page de manuel (roff), p. ex. `vov-bulk man > vov-bulk.1`",
            en: "The manual page (roff), e.g. `vov-bulk man > vov-bulk.1`",
        ),
        _ => return None,
    })
}

/// What `vov-bulk --help` says before the usage line.
fn long_about(lang: Lang) -> &'static str {
    tr!(lang,
        nl: "Zet loonexports en rekenbladen om in bulkuploads voor het WSE-loket voor Vlaams opleidingsverlof (VOV): \
    één upload per werkgever, rejected.csv met elke rij die niet ingediend kan worden en waarom, en een JSON-rapport.\n\n\
    Afsluitcodes: 0 elke rij aanvaard; 1 minstens één rij geweigerd (de aanvaarde rijen werden geschreven); 2 gebruiksfout of fatale fout in de invoer (niets geschreven).",
        fr: "Convertit les exports de paie et les feuilles de calcul en fichiers de chargement groupé (upload) pour le guichet WSE (WSE-loket), pour le congé-formation flamand (VOV): \
    un fichier de chargement par employeur, rejected.csv avec chaque ligne qui ne peut pas être introduite et pourquoi, et un rapport JSON.\n\n\
    Codes de sortie: 0 toutes les lignes acceptées; 1 au moins une ligne refusée (les lignes acceptées ont été écrites); 2 erreur d'utilisation ou erreur fatale dans l'entrée (rien n'a été écrit).",
        en: "Turns payroll exports and spreadsheets into WSE-loket bulk uploads for Vlaams opleidingsverlof (VOV): \
    one upload per employer, rejected.csv with every row that cannot be submitted and why, and a JSON report.\n\n\
    Exit codes: 0 every row accepted; 1 at least one row rejected (accepted rows were written); 2 usage error or fatal input problem (nothing written).",
    )
}

/// The help of argument `arg` (its id: the field's name) of `command`.
fn arg_help(command: &str, arg: &str, lang: Lang) -> Option<&'static str> {
    Some(match (command, arg) {
        (_, "lang") => tr!(lang,
            nl: "Taal van de meldingen: nl, fr of en",
            fr: "Langue des messages: nl, fr ou en",
            en: "Language of messages: nl, fr or en",
        ),
        (_, "regulation") => tr!(lang,
            nl: "De tabel met de cijfers per schooljaar die deze run gebruikt in plaats van de ingebouwde (TOML; vertrek van `vov-bulk regulation --template`)",
            fr: "Le tableau des chiffres par année scolaire que cette exécution utilise au lieu du tableau intégré (TOML; partez de `vov-bulk regulation --template`)",
            en: "The table of school-year figures this run uses instead of the built-in one (TOML; start from `vov-bulk regulation --template`)",
        ),
        ("regulation", "year") => tr!(lang,
            nl: "Alleen dit schooljaar, bv. 2025-2026 (een later jaar dan de tabel toont de overgenomen cijfers)",
            fr: "Seulement cette année scolaire, p. ex. 2025-2026 (une année après le tableau montre les chiffres repris)",
            en: "Only this school year, e.g. 2025-2026 (a year after the table shows the figures carried over)",
        ),
        ("regulation", "template") => tr!(lang,
            nl: "Toon de ingebouwde tabel als het bestand om te kopiëren en aan te passen",
            fr: "Afficher le tableau intégré comme le fichier à copier et adapter",
            en: "Print the built-in table as the file to copy and edit",
        ),
        (_, "quiet") => {
            tr!(lang, nl: "Alleen fouten op stderr", fr: "Uniquement les erreurs sur stderr", en: "Only errors on stderr")
        }
        (_, "verbose") => tr!(lang,
            nl: "Meer logboekuitvoer op stderr (-v info, -vv debug)",
            fr: "Plus de journalisation sur stderr (-v info, -vv debug)",
            en: "More log output on stderr (-v info, -vv debug)",
        ),
        (_, "inputs") => tr!(lang,
            nl: "Invoerbestanden (.csv .txt .tsv .xlsx .xlsm .xls .xlsb .ods), mappen (elk zulk bestand erin), of - voor CSV op standaardinvoer",
            fr: "Fichiers d'entrée (.csv .txt .tsv .xlsx .xlsm .xls .xlsb .ods), dossiers (chaque fichier de ce type qu'ils contiennent), ou - pour du CSV sur l'entrée standard",
            en: "Input files (.csv .txt .tsv .xlsx .xlsm .xls .xlsb .ods), folders (every such file in them), or - for CSV on standard input",
        ),
        ("agenda", "as_of") => tr!(lang,
            nl: "De dag waarvan de agenda telt (standaard: vandaag in Europe/Brussels)",
            fr: "Le jour à partir duquel l'agenda compte (par défaut: aujourd'hui à Europe/Brussels)",
            en: "The day the agenda counts from (default: today in Europe/Brussels)",
        ),
        (_, "as_of") => tr!(lang,
            nl: "Indieningsdatum waarvan de termijnregels uitgaan, JJJJ-MM-DD of dd/mm/jjjj (standaard: vandaag in Europe/Brussels)",
            fr: "Date d'introduction supposée par les règles de délai, AAAA-MM-JJ ou jj/mm/aaaa (par défaut: aujourd'hui à Europe/Brussels)",
            en: "Submission date assumed by the deadline rules, YYYY-MM-DD or dd/mm/yyyy (default: today in Europe/Brussels)",
        ),
        (_, "sheet") => tr!(lang,
            nl: "Werkblad om te lezen (standaard: het eerste zichtbare)",
            fr: "Feuille à lire (par défaut: la première visible)",
            en: "Spreadsheet sheet to read (default: the first visible one)",
        ),
        (_, "all_sheets") => tr!(lang,
            nl: "Lees elk zichtbaar blad van een werkmap dat de verplichte kolommen heeft, elk als invoer van de batch",
            fr: "Lire chaque feuille visible d'un classeur qui a les colonnes obligatoires, chacune comme une entrée du lot",
            en: "Read every visible sheet of a workbook that has the required columns, each as an input of the batch",
        ),
        (_, "header_row") => tr!(lang,
            nl: "De kop staat op rij/regel N (standaard: gedetecteerd: de eerste rij die de verplichte velden koppelt)",
            fr: "L'en-tête est à la ligne N (par défaut: détecté: la première ligne qui associe les champs obligatoires)",
            en: "The header is row/line N (default: detected: the first row that maps the required fields)",
        ),
        (_, "maps") => tr!(lang,
            nl: "Deze kolomkop hoort bij dit canonieke veld, bovenop de aliassen van het schema (herhaalbaar)",
            fr: "Cet en-tête de colonne correspond à ce champ canonique, en plus des alias du schéma (répétable)",
            en: "This column header maps to this canonical field, on top of the schema's aliases (repeatable)",
        ),
        (_, "skip_unreadable") => tr!(lang,
            nl: "Een bestand dat op zich fataal is (F001-F004, F006, F007) wordt met een opmerking weggelaten in plaats van de batch te stoppen (exit 1)",
            fr: "Un fichier fatal à lui seul (F001-F004, F006, F007) est écarté avec une remarque au lieu d'arrêter le lot (code de sortie 1)",
            en: "A file that is fatal on its own (F001-F004, F006, F007) is left out with a note instead of stopping the batch (exit 1)",
        ),
        (_, "delimiter") => tr!(lang,
            nl: "CSV-scheidingsteken: ; , | of tab (standaard: afgeleid uit de kop)",
            fr: "Séparateur CSV: ; , | ou tab (par défaut: déduit de l'en-tête)",
            en: "CSV delimiter: ; , | or tab (default: sniffed from the header)",
        ),
        (_, "encoding") => tr!(lang,
            nl: "CSV-codering: utf-8, utf-16 of windows-1252 (standaard: gedetecteerd)",
            fr: "Encodage CSV: utf-8, utf-16 ou windows-1252 (par défaut: détecté)",
            en: "CSV encoding: utf-8, utf-16 or windows-1252 (default: detected)",
        ),
        (_, "input_schema") => tr!(lang,
            nl: "Voeg de velden en aliassen van dit invoerschema toe aan het ingebouwde (\"replace\": true vervangt het)",
            fr: "Ajouter les champs et alias de ce schéma d'entrée au schéma intégré (\"replace\": true le remplace)",
            en: "Add the fields and aliases of this input schema to the built-in one (\"replace\": true replaces it)",
        ),
        (_, "output_schema") => tr!(lang,
            nl: "Vervang het ingebouwde uploadschema (zijn dialect: het *.dialect.json naast FILE, als dat er is)",
            fr: "Remplacer le schéma de chargement (upload) intégré (son dialecte: le *.dialect.json à côté de FILE, s'il existe)",
            en: "Replace the built-in upload schema (its dialect: FILE's *.dialect.json beside it, if any)",
        ),
        (_, "strict") => tr!(lang,
            nl: "Ook waarschuwingen weigeren een rij",
            fr: "Les avertissements refusent aussi une ligne",
            en: "Warnings reject a row too",
        ),
        (_, "warn_days") => tr!(lang,
            nl: "Horizon van R206 in dagen, de as-of-dag zelf meegeteld",
            fr: "Horizon de R206 en jours, le jour as-of compris",
            en: "R206 horizon in days, counting the as-of day itself",
        ),
        (_, "merge_modules") => tr!(lang,
            nl: "Voeg modulerijen van één inschrijving samen (X305)",
            fr: "Fusionner les lignes de modules d'une même inscription (X305)",
            en: "Merge module rows of one enrolment (X305)",
        ),
        (_, "report") => tr!(lang,
            nl: "Schrijf het JSON-rapport ook naar FILE",
            fr: "Écrire aussi le rapport JSON dans FILE",
            en: "Also write the JSON report to FILE",
        ),
        ("check" | "prepare", "format") => tr!(lang,
            nl: "Wat naar stdout gaat: het leesbare rapport of het JSON-rapport",
            fr: "Ce qui va sur stdout: le rapport lisible ou le rapport JSON",
            en: "What goes to stdout: the human report or the JSON report",
        ),
        ("agenda", "format") => tr!(lang,
            nl: "Wat naar stdout gaat: de leesbare agenda of JSON",
            fr: "Ce qui va sur stdout: l'agenda lisible ou du JSON",
            en: "What goes to stdout: the human agenda or JSON",
        ),
        (_, "format") => tr!(lang,
            nl: "Wat naar stdout gaat: een leesbare samenvatting of JSON",
            fr: "Ce qui va sur stdout: un résumé lisible ou du JSON",
            en: "What goes to stdout: a human summary or JSON",
        ),
        (_, "max_per_code") => tr!(lang,
            nl: "Meldingen per code in het leesbare rapport, de dringendste eerst (fouten, dan volgens laatste dag om in te dienen)",
            fr: "Constats affichés par code dans le rapport lisible, les plus urgents d'abord (erreurs, puis selon le dernier jour pour introduire)",
            en: "Findings shown per code in the human report, the most urgent first (errors, then by last day to submit)",
        ),
        (_, "all") => tr!(lang,
            nl: "Toon elke melding in het leesbare rapport (in plaats van --max-per-code per code)",
            fr: "Afficher chaque constat dans le rapport lisible (au lieu de --max-per-code par code)",
            en: "Show every finding in the human report (instead of --max-per-code per code)",
        ),
        (_, "jobs") => tr!(lang,
            nl: "Werkthreads (standaard: alle kernen)",
            fr: "Fils de travail (par défaut: tous les cœurs)",
            en: "Worker threads (default: all cores)",
        ),
        (_, "no_progress") => tr!(lang,
            nl: "Geen voortgangsbalk (die verschijnt nooit als stderr geen terminal is)",
            fr: "Pas de barre de progression (elle n'apparaît jamais si stderr n'est pas un terminal)",
            en: "No progress bar (it is never shown when stderr is not a terminal)",
        ),
        (_, "ledger") => tr!(lang,
            nl: "Het register van voorbereide aanvragen (standaard: VOV_LEDGER, anders ledger.sqlite in de gegevensmap van de gebruiker)",
            fr: "Le registre des demandes préparées (par défaut: VOV_LEDGER, sinon ledger.sqlite dans le dossier de données de l'utilisateur)",
            en: "The ledger of prepared requests (default: VOV_LEDGER, else ledger.sqlite in the user's data directory)",
        ),
        (_, "no_ledger") => tr!(lang,
            nl: "Gebruik geen register: niets wordt opgezocht of genoteerd (een eenmalige run)",
            fr: "N'utiliser aucun registre: rien n'est recherché ni noté (une exécution ponctuelle)",
            en: "Use no ledger: nothing is looked up or recorded (a one-off run)",
        ),
        (_, "out") => tr!(lang,
            nl: "Map voor de uploadbestanden, rejected.csv en report.json (aangemaakt als ze ontbreekt)",
            fr: "Dossier pour les fichiers de chargement (upload), rejected.csv et report.json (créé s'il manque)",
            en: "Directory for the upload files, rejected.csv and report.json (created when missing)",
        ),
        (_, "replace") => tr!(lang,
            nl: "--out mag de uitvoer van een eerdere run bevatten: vervang die als geheel",
            fr: "--out peut contenir les fichiers d'une exécution précédente: les remplacer en bloc",
            en: "--out may hold the outputs of an earlier run: replace them as a whole",
        ),
        (_, "discard_unsubmitted") => tr!(lang,
            nl: "Met --replace: geef de voorbereide, niet ingediende aanvragen van de vervangen map die deze run niet opnieuw schrijft vrij in het register (anders weigert de run)",
            fr: "Avec --replace: libérer dans le registre les demandes préparées, non introduites, du dossier remplacé que cette exécution n'écrit pas à nouveau (sinon l'exécution refuse)",
            en: "With --replace: release in the ledger the replaced folder's prepared, not submitted requests that this run does not write again (else the run refuses)",
        ),
        (_, "days") => tr!(lang,
            nl: "Markeer de aanvragen waarvan de laatste dag om in te dienen binnen N dagen valt, de as-of-dag zelf meegeteld",
            fr: "Marquer les demandes dont le dernier jour pour introduire tombe dans les N jours, le jour as-of compris",
            en: "Mark the requests whose last day to submit is within N days, counting the as-of day itself",
        ),
        (_, "kbo") => tr!(lang,
            nl: "Alleen deze werkgever (KBO-nummer)",
            fr: "Uniquement cet employeur (numéro d'entreprise BCE/KBO)",
            en: "Only this employer (KBO number)",
        ),
        (_, "ics") => tr!(lang,
            nl: "Schrijf ook een iCalendar-bestand: één dagactiviteit per werkgever en laatste dag",
            fr: "Écrire aussi un fichier iCalendar: un événement d'une journée par employeur et dernier jour",
            en: "Also write an iCalendar file: one all-day event per employer and last day",
        ),
        (_, "files") => tr!(lang,
            nl: "Dossieroverzichten (CSV)",
            fr: "Fichiers d'aperçu des dossiers (CSV)",
            en: "Dossier overview files (CSV)",
        ),
        ("import", "schema") => tr!(lang,
            nl: "Een andere indeling van het overzicht (Frictionless Table Schema met aliassen; ingebouwd: `vov-bulk schema dossiers`)",
            fr: "Une autre disposition de l'aperçu (Frictionless Table Schema avec alias; intégré: `vov-bulk schema dossiers`)",
            en: "Another layout of the overview (Frictionless Table Schema with aliases; built-in: `vov-bulk schema dossiers`)",
        ),
        (_, "paths") => tr!(lang,
            nl: "Uploadbestanden, of mappen van een prepare-run (--out)",
            fr: "Fichiers de chargement, ou dossiers d'une exécution de prepare (--out)",
            en: "Upload files, or folders of a prepare run (--out)",
        ),
        (_, "status") => tr!(lang,
            nl: "Alleen aanvragen met deze status (prepared, submitted, released, ingediend, goedgekeurd, geweigerd, ...)",
            fr: "Uniquement les demandes avec ce statut (prepared, submitted, released, ingediend, goedgekeurd, geweigerd, ...)",
            en: "Only requests with this status (prepared, submitted, released, ingediend, goedgekeurd, geweigerd, ...)",
        ),
        (_, "code") => tr!(lang,
            nl: "Een regelcode (R204) of -naam (deadline-passed)",
            fr: "Un code de règle (R204) ou un nom (deadline-passed)",
            en: "A rule code (R204) or name (deadline-passed)",
        ),
        ("schema", "name") => tr!(lang,
            nl: "Welk schema: input (canonieke velden en aliassen), upload (de indeling van de WSE-upload) of dossiers (het dossieroverzicht)",
            fr: "Quel schéma: input (champs canoniques et alias), upload (la disposition du fichier de chargement WSE) ou dossiers (l'aperçu des dossiers)",
            en: "Which schema: input (canonical fields and aliases), upload (the WSE upload layout) or dossiers (the dossier overview)",
        ),
        (_, "xlsx") => tr!(lang,
            nl: "Schrijf een rekenblad (.xlsx) in plaats van CSV",
            fr: "Écrire une feuille de calcul (.xlsx) au lieu de CSV",
            en: "Write a spreadsheet (.xlsx) instead of CSV",
        ),
        (_, "output") => tr!(lang,
            nl: "Waar het te schrijven (standaard: standaarduitvoer); een bestaand bestand alleen met --force",
            fr: "Où l'écrire (par défaut: la sortie standard); un fichier existant seulement avec --force",
            en: "Where to write it (default: standard output); an existing file only with --force",
        ),
        (_, "force") => tr!(lang,
            nl: "Overschrijf het bestand gegeven met -o",
            fr: "Écraser le fichier donné avec -o",
            en: "Overwrite the file given with -o",
        ),
        (_, "shell") => tr!(lang,
            nl: "De shell om voor aan te vullen",
            fr: "Le shell pour lequel compléter",
            en: "The shell to complete for",
        ),
        _ => return None,
    })
}

/// The value parser of argument `arg` in `lang`, where its errors are our
/// own texts. English keeps clap's own parsers for whole numbers (its
/// messages are English already).
fn value_parser(arg: &str, lang: Lang) -> Option<ValueParser> {
    Some(match arg {
        "as_of" => ValueParser::new(move |s: &str| super::parse_as_of(s, lang)),
        "maps" => ValueParser::new(move |s: &str| super::parse_map(s, lang)),
        "status" => ValueParser::new(move |s: &str| super::ledger::parse_status(s, lang)),
        "delimiter" => ValueParser::new(move |s: &str| super::parse_delimiter(s, lang)),
        "encoding" => ValueParser::new(move |s: &str| super::parse_encoding(s, lang)),
        _ if lang == Lang::En => return None,
        "header_row" => ValueParser::new(whole_number::<u64>(1, lang)),
        "jobs" => ValueParser::new(whole_number::<u16>(1, lang)),
        "warn_days" | "days" => ValueParser::new(whole_number::<u32>(0, lang)),
        "max_per_code" => ValueParser::new(whole_number::<usize>(0, lang)),
        _ => return None,
    })
}

/// A parser of whole numbers of type `T` from `min` up, whose errors speak `lang`.
fn whole_number<T>(min: u64, lang: Lang) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static
where
    T: TryFrom<u64> + Clone + Send + Sync + 'static,
{
    move |s: &str| {
        let number: u64 = s.parse().map_err(|_| {
            trf!(lang,
                nl: "'{s}' is geen geheel getal vanaf {min}",
                fr: "'{s}' n'est pas un nombre entier à partir de {min}",
                en: "'{s}' is not a whole number from {min} up",
            )
        })?;
        if number < min {
            return Err(trf!(lang,
                nl: "{number} is te klein: minstens {min}",
                fr: "{number} est trop petit: au moins {min}",
                en: "{number} is too small: at least {min}",
            ));
        }
        T::try_from(number).map_err(|_| {
            trf!(lang,
                nl: "{number} is te groot",
                fr: "{number} est trop grand",
                en: "{number} is too large",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    fn help_of(lang: Lang, path: &[&str]) -> String {
        let mut command = command(lang, "vov-bulk");
        let mut args = vec!["vov-bulk"];
        args.extend_from_slice(path);
        args.push("--help");
        match command.try_get_matches_from_mut(args) {
            Ok(_) => String::new(),
            Err(e) => e.render().to_string(),
        }
    }

    /// The language without `--lang`: `VOV_LANG` of the test's environment, else Dutch.
    fn without_lang_argument() -> Lang {
        std::env::var("VOV_LANG")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_default()
    }

    #[test]
    fn the_language_is_found_before_parsing() {
        assert_eq!(
            language_before_parsing(&os(&["vov-bulk", "--lang", "fr", "rules"])),
            Lang::Fr
        );
        assert_eq!(
            language_before_parsing(&os(&["vov-bulk", "rules", "--lang=en"])),
            Lang::En
        );
        assert_eq!(
            language_before_parsing(&os(&["vov-bulk", "check", "--", "--lang", "fr"])),
            without_lang_argument()
        );
        assert_eq!(
            language_before_parsing(&os(&["vov-bulk", "--lang", "xx"])),
            Lang::Nl,
            "a value that is no language"
        );
    }

    #[test]
    fn every_command_and_argument_has_its_text_in_every_language() {
        fn walk(command: &Command, lang: Lang) {
            let name = command.get_name();
            if name != "help" {
                assert!(command.get_about().is_some(), "{lang}: {name} has no about");
            }
            for arg in command.get_arguments() {
                assert!(
                    arg.get_help().is_some_and(|h| !h.to_string().is_empty()),
                    "{lang}: {name} --{} has no help",
                    arg.get_id()
                );
            }
            for sub in command.get_subcommands() {
                walk(sub, lang);
            }
        }
        for lang in Lang::ALL {
            let mut built = command(lang, "vov-bulk");
            built.build();
            walk(&built, lang);
            built.debug_assert();
        }
    }

    #[test]
    fn help_speaks_the_chosen_language() {
        let french = help_of(Lang::Fr, &["check"]);
        assert!(french.contains("Utilisation: vov-bulk check"), "{french}");
        assert!(
            french.contains("Paramètres:") && french.contains("Options:"),
            "{french}"
        );
        assert!(french.contains("Afficher l'aide"), "{french}");
        assert!(
            french.contains("[par défaut: human] [valeurs possibles: human, json]"),
            "{french}"
        );
        assert!(french.contains("Exemples:"), "{french}");
        let dutch = help_of(Lang::Nl, &[]);
        assert!(dutch.contains("Gebruik: vov-bulk [OPTIONS] <OPDRACHT>"), "{dutch}");
        assert!(
            dutch.contains("Opdrachten:") && dutch.contains("Toon deze hulp"),
            "{dutch}"
        );
        assert!(dutch.contains("Afsluitcodes:"), "{dutch}");
        let english = help_of(Lang::En, &["check"]);
        assert!(
            english.contains("Usage: vov-bulk check") && english.contains("[default: human]"),
            "{english}"
        );
    }

    #[test]
    fn every_argument_parses_to_its_field_in_every_language() {
        use clap::FromArgMatches;
        for lang in Lang::ALL {
            let mut check = command(lang, "vov-bulk");
            let matches = check.try_get_matches_from_mut([
                "vov-bulk",
                "check",
                "--as-of",
                "22/11/2026",
                "--header-row",
                "2",
                "--map",
                "odb_nummer=Code",
                "--delimiter",
                "tab",
                "--encoding",
                "cp1252",
                "--warn-days",
                "7",
                "--max-per-code",
                "5",
                "--jobs",
                "2",
                "x.csv",
            ]);
            let parsed = matches
                .map_err(|e| e.to_string())
                .and_then(|m| Cli::from_arg_matches(&m).map_err(|e| e.to_string()));
            let Ok(Cli {
                command: super::super::Command::Check(args),
                ..
            }) = parsed
            else {
                panic!("{lang}: {parsed:?}");
            };
            assert_eq!(args.header_row, Some(2));
            assert_eq!(args.jobs, Some(2));
            assert_eq!((args.warn_days, args.max_per_code), (7, 5));
            assert_eq!(args.delimiter, Some('\t'));
            let agenda = command(lang, "vov-bulk").try_get_matches_from_mut(["vov-bulk", "agenda", "--days", "3"]);
            assert!(agenda.is_ok(), "{lang}: {agenda:?}");
            let list = command(lang, "vov-bulk").try_get_matches_from_mut([
                "vov-bulk",
                "ledger",
                "list",
                "--status",
                "geweigerd",
            ]);
            assert!(list.is_ok(), "{lang}: {list:?}");
        }
    }

    #[test]
    fn a_number_out_of_range_is_refused_in_the_chosen_language() {
        let parse = whole_number::<u16>(1, Lang::Fr);
        assert_eq!(parse("0"), Err("0 est trop petit: au moins 1".to_string()));
        assert_eq!(parse("70000"), Err("70000 est trop grand".to_string()));
        assert!(parse("x").is_err_and(|e| e.contains("n'est pas un nombre entier")));
        assert_eq!(parse("8"), Ok(8));
    }
}
