//! Synthetic payroll export for benchmarks and soak tests.
//!
//! ```sh
//! cargo run --release --example synth -- ROWS FILE [--seed N] [--as-of YYYY-MM-DD] [--defect-rate R] [--heavy]
//! ```
//!
//! Writes ROWS data rows in the canonical input layout (UTF-8, `;`, CRLF, the canonical header) to
//! FILE, or to standard output when FILE is `-`. The data looks like what a social secretariat
//! exports for its clients: many employers (ROWS / 200, at least 5), each with a stable name, a
//! Flemish postcode and its own formatting habits (KBO with dots, ISO dates, `80%`, ...); each
//! employee with a stable INSZ, name and TWP, and 1 to 3 trainings in every unit, dated around the
//! `--as-of` day so that nearly all of them are in the submission window, and kept under the
//! yearly cap.
//!
//! A few percent of the rows (`--defect-rate`, default 0.05) carry one deliberate defect, each of a
//! kind with a known diagnostic: bad KBO check digits (V101), bad INSZ check digits (V102), an
//! impossible date (V104), an empty naam (V106), a negative or garbled aantal (V105), a start so
//! long ago that the deadline passed (R204), an exact copy of the row before (X301), an ODB number
//! that cannot be normalised (V103). A summary of what was injected goes to standard error.
//!
//! `--heavy` gives the mix of a real heavy batch (issue 12), where more than half of the rows carry
//! a diagnostic, instead of the nearly quiet default:
//!
//! - about 30 % of the rows in `studiepunten` (diploma or credit contracts): an R209 info each;
//! - about 5 % of the rows at the exam commission (ODB-1001623, R213 info), in `examens` or in
//!   `uren` (a multiple of 8), with both date forms R213 accepts: one exam day (start = end), or the
//!   school year (start on the enrolment date, written as `inschrijvingsdatum`, or on 1 September
//!   while that is still in time; end 31 August);
//! - about 28 % of the rows belong to an employee over the yearly cap (X302 on each of their
//!   accepted rows): such an employee's first row alone is worth more than 125 x TWP / 100 VOV hours
//!   (a diploma year of 18 to 60 study points at 4 hours each, or a training of 72 to 240 hours; 30
//!   study points at TWP 50 give 120 hours over a cap of 62,5), and their other rows may use the
//!   whole cap again;
//! - so, with the defects and the other reminders (R206, R207, R211), about 59 % of the rows carry
//!   at least one diagnostic.
//!
//! These shares hold for an `--as-of` day well inside a school year (the default's 22 November
//! gives 27.7 % X302, 29.7 % R209, 4.8 % R213 and 58.7 % of the rows with a diagnostic on 100,000
//! rows). Near 1 September an employee's rows fall in two school years, each with its own cap, and
//! fewer of them are over it (about 24 % at 5 September).
//!
//! Everything else (employers, employees, formatting habits, dates, `--defect-rate`) is as without
//! `--heavy`; the output without it is byte for byte what it was before the option existed. The
//! summary on standard error then also counts the rows of each kind of the mix.
//!
//! The output depends only on the arguments: the same ones give the same bytes on every run and
//! machine (one seeded PRNG, drawn in a fixed order; no hash maps, no clock).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Datelike, Days, NaiveDate};
use clap::Parser;

#[derive(Parser)]
#[command(about = "Writes a synthetic VOV payroll export (canonical CSV layout) for benchmarks")]
struct Args {
    /// Number of data rows (the header not counted).
    rows: u64,
    /// Output file; `-` for standard output.
    file: PathBuf,
    /// PRNG seed: the same seed gives the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Submission date the dates are laid out around (use the same `--as-of` when validating).
    #[arg(long, default_value = "2026-11-22", value_parser = parse_date)]
    as_of: NaiveDate,
    /// Share of rows that get one deliberate defect (0 gives a clean file).
    #[arg(long, default_value_t = 0.05)]
    defect_rate: f64,
    /// The mix of a heavy real batch: ~30 % study points (R209), ~5 % exam commission (R213),
    /// ~28 % rows of employees over the yearly cap (X302).
    #[arg(long)]
    heavy: bool,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("expected YYYY-MM-DD: {e}"))
}

const HEADER: &str = "werkgever_kbo;werkgever_naam;vestiging_postcode;werknemer_insz;werknemer_naam;\
werknemer_voornaam;odb_nummer;opleiding_titel;opleidingstype;contract;eenheid;aantal;startdatum;einddatum;\
inschrijvingsdatum;indiensttreding;tewerkstelling_pct;vast_uurrooster;contact_email;iban";

// ---------------------------------------------------------------------------------------------
// PRNG

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough for test data. Only its
/// determinism matters here, not its statistical quality.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`). Lemire's multiply-shift; its bias is far below anything visible.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// Picks by weight: `items` are `(weight, value)` pairs.
    fn weighted<T: Copy>(&mut self, items: &[(u32, T)]) -> T {
        let total: u32 = items.iter().map(|(w, _)| w).sum();
        let mut roll = self.below(u64::from(total)) as u32;
        for &(w, v) in items {
            if roll < w {
                return v;
            }
            roll -= w;
        }
        items[items.len() - 1].1
    }
}

// ---------------------------------------------------------------------------------------------
// Word lists (Flemish names, employers, trainings)

const SURNAMES: &[&str] = &[
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Hermans",
    "Aerts",
    "Michiels",
    "Pauwels",
    "De Vos",
    "Martens",
    "Verstraeten",
    "Van Damme",
    "Smets",
    "Stevens",
    "Cools",
    "Lemmens",
    "Declercq",
    "Coppens",
    "Wuyts",
    "Bogaerts",
    "Van de Velde",
    "Segers",
    "Vandenberghe",
    "Van Dyck",
    "Verhoeven",
    "Van Hoof",
    "De Backer",
    "Claeys",
    "Vermeulen",
    "Van den Broeck",
    "Desmet",
    "Verbruggen",
    "Thys",
    "Lambrechts",
    "Vercammen",
    "De Wilde",
    "Hendrickx",
    "Van Acker",
    "Baert",
    "Geerts",
    "Verlinden",
    "D'Hondt",
    "Van Looy",
    "Luyten",
    "Nuyts",
    "Bosmans",
    "Vanhove",
    "Boeckx",
    "Mahieu",
    "Devriendt",
    "Callens",
    "Dewulf",
    "Öztürk",
    "El Amrani",
    "Nowak",
];

const FIRST_NAMES_F: &[&str] = &[
    "An",
    "Els",
    "Lotte",
    "Sofie",
    "Marie",
    "Emma",
    "Julie",
    "Lien",
    "Sarah",
    "Katrien",
    "Hilde",
    "Inge",
    "Nathalie",
    "Chloë",
    "Zoë",
    "Anaïs",
    "Noor",
    "Fien",
    "Lore",
    "Eline",
    "Ilse",
    "Veerle",
    "Griet",
    "Fatma",
    "Yasmina",
    "Ann-Sophie",
    "Hanne",
    "Jolien",
    "Leen",
    "Evi",
];

const FIRST_NAMES_M: &[&str] = &[
    "Jan",
    "Tom",
    "Pieter",
    "Wouter",
    "Bart",
    "Koen",
    "Dirk",
    "Jeroen",
    "Stijn",
    "Thomas",
    "Lucas",
    "Arne",
    "Jens",
    "Noah",
    "Senne",
    "Kobe",
    "Michaël",
    "Raphaël",
    "Joëlle",
    "Geert",
    "Luc",
    "Mehmet",
    "Youssef",
    "Jean-Pierre",
    "Bram",
    "Ruben",
    "Sander",
    "Maarten",
    "Frederik",
    "Dries",
];

/// `(display, slug)` of the sector word in an employer name; the slug feeds the e-mail domain.
const SECTORS: &[(&str, &str)] = &[
    ("Bouwbedrijf", "bouw"),
    ("Transport", "transport"),
    ("Bakkerij", "bakkerij"),
    ("Zorgcentrum", "zorg"),
    ("Garage", "garage"),
    ("Schrijnwerkerij", "schrijnwerk"),
    ("Drukkerij", "druk"),
    ("Brasserie", "brasserie"),
    ("Metaalwerken", "metaal"),
    ("Logistiek", "logistiek"),
    ("IT-diensten", "it"),
    ("Boekhoudkantoor", "boekhouding"),
    ("Schoonmaak", "schoonmaak"),
    ("Kinderopvang", "kinderopvang"),
    ("Elektro", "elektro"),
    ("Tuinaanleg", "tuin"),
];

const LEGAL_FORMS: &[&str] = &["NV", "BV", "BV", "BV", "VZW", "CommV", "CV"];

/// Postcodes in the Flemish Region (R217), with real municipalities behind them.
const POSTCODES: &[&str] = &[
    "2000", "9000", "3000", "8000", "3500", "2800", "8500", "9300", "1800", "2300", "3600", "8400", "9100", "2500",
    "1500", "3290", "8800", "9200", "2200", "3800", "9700", "8900", "1700", "2400", "2600", "2900", "3200", "3300",
    "8200", "8300", "9400", "9800", "9900", "1930", "3700", "3900",
];

/// Trainings counted in hours: title and ODB number. A title always has the same ODB number.
const HOUR_TRAININGS: &[(&str, &str)] = &[
    ("Excel gevorderd", "ODB-0002141"),
    ("Boekhouding", "ODB-Z00291"),
    ("Veiligheid; basis VCA", "ODB-0104512"),
    ("Lassen MIG/MAG", "ODB-1234567"),
    ("Heftruckchauffeur", "ODB-0387120"),
    ("Nederlands op de werkvloer", "ODB-A12345"),
    ("Projectmanagement", "ODB-0877213"),
    ("Leidinggeven", "ODB-B40021"),
    ("Python voor data-analyse", "ODB-0951002"),
    ("Elektriciteit: BA4/BA5", "ODB-0712211"),
    ("Logistiek medewerker", "ODB-0533190"),
    ("Frans voor de klantendienst", "ODB-C10293"),
    ("CNC-operator", "ODB-0640077"),
    ("Digitale marketing", "ODB-0299381"),
    ("Vrachtwagenchauffeur C/CE", "ODB-0401187"),
    ("Zakelijk Engels", "ODB-D77810"),
    ("Verzorgende \"praktijk\"", "ODB-0815230"),
    ("Koeltechniek", "ODB-0123098"),
];

/// Credit-based trainings (study points): title, ODB number, opleidingstype.
const CREDIT_TRAININGS: &[(&str, &str, &str)] = &[
    ("Bachelor Toegepaste informatica", "ODB-0600112", "standaard"),
    ("Bachelor Verpleegkunde", "ODB-0600345", "standaard"),
    ("Graduaat Boekhouden", "ODB-H00012", "hbo5"),
    ("Graduaat Orthopedagogie", "ODB-H00107", "hbo5"),
    ("Master Bedrijfskunde", "ODB-0611870", "standaard"),
];

const EVC_TITLES: &[(&str, &str)] = &[
    ("EVC-traject zorgkundige", "ODB-E00412"),
    ("EVC-traject logistiek assistent", "ODB-E00517"),
];

const EXAM_COMMISSION: &str = "ODB-1001623";
const POP: &str = "ODB-P00001";
const CREDIT_CONTRACT: &str = "ODB-P00004";

// ---------------------------------------------------------------------------------------------
// Check digits

/// Enterprise number: 8 digits, then `97 - (those 8 mod 97)` as two digits.
fn kbo_check(first8: u64) -> u64 {
    97 - first8 % 97
}

/// INSZ check digits: `97 - (first 9 digits mod 97)`, with a 2 in front of them for births from 2000.
fn insz_check(first9: u64, born_2000_or_later: bool) -> u64 {
    let n = if born_2000_or_later {
        2_000_000_000 + first9
    } else {
        first9
    };
    97 - n % 97
}

/// A Belgian IBAN for a 10-digit bank account number: national check (mod 97, 0 becomes 97), then
/// the ISO 13616 check digits over `BBAN` + `BE00` (B = 11, E = 14).
fn belgian_iban(account10: u64) -> String {
    let national = match account10 % 97 {
        0 => 97,
        r => r,
    };
    let bban = account10 * 100 + national;
    let iso = 98 - ((u128::from(bban) * 1_000_000 + 111_400) % 97) as u64;
    let s = format!("BE{iso:02}{bban:012}");
    // Printed the way banks print it: groups of four.
    format!("{} {} {} {}", &s[0..4], &s[4..8], &s[8..12], &s[12..16])
}

/// A bijection of `0..n` (for `mult` coprime to `n`): turns consecutive indices into scattered,
/// never colliding numbers, so every employer and employee gets a distinct KBO or INSZ without
/// keeping a set of the ones used.
fn scatter(index: u64, mult: u64, n: u64) -> u64 {
    debug_assert_eq!(gcd(mult, n), 1, "scatter needs a multiplier coprime to n");
    ((u128::from(index) * u128::from(mult) + 2_718_281) % u128::from(n)) as u64
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Multipliers for [`scatter`], coprime to the ranges they scatter over (checked in debug builds).
const KBO_MULT: u64 = 5_170_427;
const INSZ_MULT: u64 = 7_368_787;

// ---------------------------------------------------------------------------------------------
// Dates

fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        date + Days::new(days as u64)
    } else {
        date - Days::new(days.unsigned_abs())
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid calendar date")
}

/// First year of the school year (1 September - 31 August) the date falls in.
fn school_year(date: NaiveDate) -> i32 {
    if date.month() >= 9 {
        date.year()
    } else {
        date.year() - 1
    }
}

fn school_year_end(date: NaiveDate) -> NaiveDate {
    ymd(school_year(date) + 1, 8, 31)
}

/// Keeps an end date after the start and inside the start's school year, so R201 and R215 stay quiet.
fn fit_end(start: NaiveDate, end: NaiveDate) -> NaiveDate {
    end.clamp(start, school_year_end(start))
}

/// How an employer's payroll package writes dates; every style is one the tool accepts.
#[derive(Clone, Copy)]
enum DateStyle {
    Slashes,
    SlashesUnpadded,
    Iso,
    Dashes,
    Dots,
    SlashesMidnight,
}

fn write_date(out: &mut Vec<u8>, d: NaiveDate, style: DateStyle) {
    let (y, m, day) = (d.year(), d.month(), d.day());
    // Writing into a Vec cannot fail.
    let _ = match style {
        DateStyle::Slashes => write!(out, "{day:02}/{m:02}/{y}"),
        DateStyle::SlashesUnpadded => write!(out, "{day}/{m}/{y}"),
        DateStyle::Iso => write!(out, "{y}-{m:02}-{day:02}"),
        DateStyle::Dashes => write!(out, "{day:02}-{m:02}-{y}"),
        DateStyle::Dots => write!(out, "{day:02}.{m:02}.{y}"),
        DateStyle::SlashesMidnight => write!(out, "{day:02}/{m:02}/{y} 00:00:00"),
    };
}

// ---------------------------------------------------------------------------------------------
// The people

#[derive(Clone, Copy)]
enum KboStyle {
    Plain,
    Dotted,
    Prefixed,
    PrefixedSpaced,
    /// Excel dropped the leading zero (the tool puts it back).
    NineDigits,
}

struct Employer {
    kbo8: u64,
    kbo_style: KboStyle,
    name: String,
    postcode: &'static str,
    email: String,
    iban: String,
    date_style: DateStyle,
    insz_dotted: bool,
    twp_percent_sign: bool,
}

impl Employer {
    fn new(index: u64, rng: &mut Rng) -> Self {
        // 0 and then 7 digits from 2000000 up, like most enterprise numbers; `scatter` keeps them distinct.
        let kbo8 = 2_000_000 + scatter(index, KBO_MULT, 8_000_000);
        let (sector, slug) = rng.pick(SECTORS);
        let surname = rng.pick(SURNAMES);
        let form = rng.pick(LEGAL_FORMS);
        let name = format!("{sector} {surname} {form}");
        let domain: String = format!("{slug}-{surname}")
            .chars()
            .filter_map(|c| match c {
                'a'..='z' | '0'..='9' | '-' => Some(c),
                'A'..='Z' => Some(c.to_ascii_lowercase()),
                'Ö' | 'ö' => Some('o'),
                _ => None,
            })
            .collect();
        let email = match rng.below(10) {
            0..=3 => format!("hr@{domain}.be"),
            4..=5 => format!("loonadministratie@{domain}.be"),
            6..=7 => format!("payroll@{domain}.be"),
            _ => String::new(),
        };
        let iban = if rng.chance(0.7) {
            belgian_iban(rng.range(1_000_000_000, 9_999_999_999) as u64)
        } else {
            String::new()
        };
        Employer {
            kbo8,
            kbo_style: rng.weighted(&[
                (60, KboStyle::Plain),
                (22, KboStyle::Dotted),
                (8, KboStyle::Prefixed),
                (5, KboStyle::PrefixedSpaced),
                (5, KboStyle::NineDigits),
            ]),
            name,
            postcode: rng.pick(POSTCODES),
            email,
            iban,
            date_style: rng.weighted(&[
                (70, DateStyle::Slashes),
                (5, DateStyle::SlashesUnpadded),
                (12, DateStyle::Iso),
                (4, DateStyle::Dashes),
                (3, DateStyle::Dots),
                (6, DateStyle::SlashesMidnight),
            ]),
            insz_dotted: rng.chance(0.35),
            twp_percent_sign: rng.chance(0.15),
        }
    }

    /// The KBO cell; `broken` writes check digits that do not match (V101).
    fn kbo_cell(&self, broken: Option<u64>) -> String {
        let check = kbo_check(self.kbo8);
        let check = broken.map_or(check, |delta| (check + delta) % 100);
        let digits = format!("{:08}{:02}", self.kbo8, check);
        match self.kbo_style {
            KboStyle::Plain => digits,
            KboStyle::Dotted => format!("{}.{}.{}", &digits[..4], &digits[4..7], &digits[7..]),
            KboStyle::Prefixed => format!("BE{digits}"),
            KboStyle::PrefixedSpaced => format!("BE {} {} {}", &digits[..4], &digits[4..7], &digits[7..]),
            KboStyle::NineDigits => digits.trim_start_matches('0').to_string(),
        }
    }
}

struct Employee {
    /// Birth date as YYMMDD, and the 3-digit serial (odd for men, even for women).
    first9: u64,
    born_2000_or_later: bool,
    naam: &'static str,
    voornaam: &'static str,
    /// Employment percentage, or `None` when the export leaves it empty (the cap then assumes 100).
    twp: Option<u32>,
    vast_uurrooster: &'static str,
    hired: Option<NaiveDate>,
}

/// Birth dates span this many days (ages of about 20 to 62); with 998 serials per day that makes
/// about 15 million distinct INSZ numbers, far more than any benchmark needs.
const BIRTH_DAYS: u64 = 42 * 365;
const SERIALS: u64 = 998;

impl Employee {
    fn new(index: u64, as_of: NaiveDate, rng: &mut Rng) -> Self {
        let slot = scatter(index, INSZ_MULT, BIRTH_DAYS * SERIALS);
        let oldest = shift(as_of, -(62 * 365));
        let birth = shift(oldest, (slot % BIRTH_DAYS) as i64);
        let serial = slot / BIRTH_DAYS + 1;
        let yymmdd = u64::from(birth.year().rem_euclid(100) as u32) * 10_000
            + u64::from(birth.month()) * 100
            + u64::from(birth.day());
        let first9 = yymmdd * 1000 + serial;
        let voornaam = if serial % 2 == 1 {
            rng.pick(FIRST_NAMES_M)
        } else {
            rng.pick(FIRST_NAMES_F)
        };
        let twp = rng.weighted(&[
            (60, Some(100)),
            (17, Some(80)),
            (8, Some(50)),
            (4, Some(75)),
            (3, Some(60)),
            (3, Some(90)),
            (5, None),
        ]);
        let vast_uurrooster = match twp {
            // At exactly 50 %, `ja` would be an R208 warning: keep those schedules variable.
            Some(50) => rng.pick(&["nee", ""]),
            Some(100) | None => rng.pick(&["", "", "ja"]),
            Some(_) => rng.pick(&["ja", "nee", ""]),
        };
        // Hired at least 400 days ago (never after a training starts: no R216/R219), after turning 18,
        // and not before 2000: V110 rejects any date before 2000, a hire date too.
        let adult_days = (as_of - shift(birth, 18 * 365 + 5)).num_days();
        let since_2000 = (as_of - ymd(2000, 1, 1)).num_days();
        let back = adult_days.min(since_2000).max(400);
        let hired = rng.chance(0.55).then(|| shift(as_of, -rng.range(400, back)));
        Employee {
            first9,
            born_2000_or_later: birth.year() >= 2000,
            naam: rng.pick(SURNAMES),
            voornaam,
            twp,
            vast_uurrooster,
            hired,
        }
    }

    /// Hours of VOV a school year allows: 125 x TWP / 100, rounded down.
    fn cap_hours(&self) -> u32 {
        125 * self.twp.unwrap_or(100) / 100
    }

    /// The INSZ cell; `broken` writes check digits that match neither the before- nor the
    /// from-2000 rule (V102).
    fn insz_cell(&self, dotted: bool, broken: Option<u64>) -> String {
        let good = insz_check(self.first9, self.born_2000_or_later);
        let other = insz_check(self.first9, !self.born_2000_or_later);
        let mut check = good;
        if let Some(delta) = broken {
            check = (good + delta) % 100;
            while check == good || check == other {
                check = (check + 1) % 100;
            }
        }
        let d = format!("{:09}{:02}", self.first9, check);
        if dotted {
            format!("{}.{}.{}-{}.{}", &d[..2], &d[2..4], &d[4..6], &d[6..9], &d[9..])
        } else {
            d
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Trainings

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Hours,
    LessonPeriods,
    StudyPoints,
    CreditContract,
    ExamCommission,
    Evc,
    Mentor,
    Pop,
}

impl Kind {
    /// The fewest VOV hours a request of this kind has without a warning.
    fn min_hours(self) -> u32 {
        match self {
            Kind::Hours | Kind::LessonPeriods | Kind::Pop => 32,
            Kind::StudyPoints | Kind::CreditContract => 12,
            Kind::ExamCommission | Kind::Mentor => 8,
            Kind::Evc => 16,
        }
    }

    /// Kinds with a fixed (or nearly fixed) ODB number: an employee gets each at most once, so that no
    /// two of their rows share an ODB number. (Hour trainings draw distinct titles instead.)
    fn fixed_odb(self) -> bool {
        !matches!(self, Kind::Hours | Kind::LessonPeriods)
    }
}

/// How often each kind of training occurs (relative weights): mostly hours, then the special cases.
const KINDS: &[(u32, Kind)] = &[
    (66, Kind::Hours),
    (8, Kind::LessonPeriods),
    (6, Kind::StudyPoints),
    (5, Kind::CreditContract),
    (6, Kind::ExamCommission),
    (3, Kind::Evc),
    (3, Kind::Mentor),
    (3, Kind::Pop),
];

/// The kinds under `--heavy`: study points 29 % (diploma 18, credit contract 11) and exam commission
/// 6 % of the draws. Some draws are refused for lack of budget (an employee at TWP 50 with three
/// trainings has 20 hours for each), and the first rows of the employees over the cap are drawn from
/// [`OVER_CAP_KINDS`] instead: together that makes about 30 % and 5 % of the rows.
const HEAVY_KINDS: &[(u32, Kind)] = &[
    (50, Kind::Hours),
    (6, Kind::LessonPeriods),
    (18, Kind::StudyPoints),
    (11, Kind::CreditContract),
    (6, Kind::ExamCommission),
    (3, Kind::Evc),
    (4, Kind::Mentor),
    (2, Kind::Pop),
];

/// `--heavy`: the kind of the row that takes an employee over the yearly cap on its own (about
/// half in study points, as in the issue's 30 study points at TWP 50).
const OVER_CAP_KINDS: &[(u32, Kind)] = &[
    (30, Kind::StudyPoints),
    (18, Kind::CreditContract),
    (43, Kind::Hours),
    (9, Kind::LessonPeriods),
];

/// `--heavy`: share of the employees whose rows go over the yearly cap.
const HEAVY_OVER_CAP: f64 = 0.292;

/// `--heavy`: share of the exam-commission rows in the school-year form (the rest: one exam day).
const HEAVY_EXAM_SCHOOL_YEAR: f64 = 0.4;

/// One request, typed; written out by [`Writer::row`].
struct Training {
    odb: String,
    titel: String,
    opleidingstype: &'static str,
    contract: &'static str,
    eenheid: &'static str,
    aantal: String,
    vov_hours: u32,
    start: NaiveDate,
    end: NaiveDate,
    enrolled: Option<NaiveDate>,
}

/// A random element of `options` (ascending) among those at most `budget`; `None` when none fits.
fn pick_upto(rng: &mut Rng, options: &[u32], budget: u32) -> Option<u32> {
    let fitting = options.iter().take_while(|&&o| o <= budget).count();
    (fitting > 0).then(|| options[rng.below(fitting as u64) as usize])
}

/// Generates a training of `kind` worth at most `budget` VOV hours, starting `start`.
fn training(rng: &mut Rng, kind: Kind, budget: u32, start: NaiveDate, taken_titles: &mut Vec<usize>) -> Training {
    let mut t = Training {
        odb: String::new(),
        titel: String::new(),
        opleidingstype: "",
        contract: "",
        eenheid: "uren",
        aantal: String::new(),
        vov_hours: 0,
        start,
        end: start,
        enrolled: None,
    };
    let sy_next = school_year(start) + 1;
    match kind {
        Kind::Hours | Kind::LessonPeriods | Kind::Pop => {
            let options: &[u32] = &[32, 36, 40, 45, 48, 50, 56, 60, 64, 72, 80, 90, 96, 100, 120];
            let n = pick_upto(rng, options, budget).unwrap_or(32);
            t.vov_hours = n;
            // A payroll export now and then has half hours.
            t.aantal = if n < budget && rng.chance(0.05) {
                format!("{n},5")
            } else {
                n.to_string()
            };
            if kind == Kind::Pop {
                t.odb = POP.into();
                t.titel = "Loopbaangerichte opleiding (POP)".into();
            } else {
                // A title this employee does not have yet: two requests for one ODB number would be X301/X305.
                let mut i = rng.below(HOUR_TRAININGS.len() as u64) as usize;
                while taken_titles.contains(&i) {
                    i = (i + 1) % HOUR_TRAININGS.len();
                }
                taken_titles.push(i);
                let (titel, odb) = HOUR_TRAININGS[i];
                t.titel = titel.into();
                t.odb = odb.into();
            }
            if kind == Kind::LessonPeriods {
                t.eenheid = "lestijden";
                t.end = ymd(sy_next, 6, 30);
            } else {
                // Most exports write the unit; some leave it to the default (uren).
                t.eenheid = if rng.chance(0.2) { "" } else { "uren" };
                t.end = if rng.chance(0.6) {
                    shift(start, rng.range(14, 120))
                } else {
                    ymd(sy_next, 6, 30)
                };
            }
        }
        Kind::StudyPoints | Kind::CreditContract => {
            let points = pick_upto(rng, &[3, 4, 5, 6, 8, 10, 12, 15, 18, 20, 24, 27], budget / 4).unwrap_or(3);
            t.eenheid = "studiepunten";
            t.aantal = points.to_string();
            t.vov_hours = points * 4;
            if kind == Kind::CreditContract {
                t.odb = CREDIT_CONTRACT.into();
                t.titel = "Creditcontract hoger onderwijs".into();
                t.contract = "creditcontract";
            } else {
                let (titel, odb, opleidingstype) = rng.pick(CREDIT_TRAININGS);
                t.odb = odb.into();
                t.titel = titel.into();
                t.opleidingstype = opleidingstype;
                t.contract = "diplomacontract";
            }
            // First semester or the whole academic year.
            t.end = if rng.chance(0.5) {
                ymd(sy_next, 1, 31)
            } else {
                ymd(sy_next, 6, 30)
            };
        }
        Kind::ExamCommission => {
            // One exam day (start = end), 1 to 4 exams; in `examens`, or in `uren` at 8 per exam (R213).
            let exams = rng.range(1, i64::from((budget / 8).clamp(1, 4))) as u32;
            t.odb = EXAM_COMMISSION.into();
            t.titel = "Examencommissie secundair onderwijs".into();
            t.vov_hours = exams * 8;
            if rng.chance(0.7) {
                t.eenheid = "examens";
                t.aantal = exams.to_string();
            } else {
                t.aantal = (exams * 8).to_string();
            }
        }
        Kind::Evc => {
            let (titel, odb) = rng.pick(EVC_TITLES);
            t.odb = odb.into();
            t.titel = titel.into();
            t.opleidingstype = "evc";
            t.aantal = "16".into();
            t.vov_hours = 16;
            t.end = shift(start, rng.range(30, 120));
        }
        Kind::Mentor => {
            // Mentor trainings give VOV below 32 hours (no R203).
            let n = rng.range(8, i64::from(budget.clamp(8, 24))) as u32;
            t.odb = "ODB-M00031".into();
            t.titel = "Mentor werkplekleren".into();
            t.opleidingstype = "mentor";
            t.aantal = n.to_string();
            t.vov_hours = n;
            t.end = shift(start, rng.range(1, 30));
        }
    }
    t.end = fit_end(start, t.end);
    if kind != Kind::ExamCommission {
        // Enrolment usually weeks before the start; sometimes a little after it (R207, info). A late
        // enrolment stays before the end and in the same school year, else R215 or R201 would fire.
        t.enrolled = match rng.below(100) {
            0..=54 => Some(shift(start, -rng.range(3, 60))),
            55..=56 => {
                Some(shift(start, rng.range(1, 21))).filter(|&e| e <= t.end && school_year(e) == school_year(start))
            }
            _ => None,
        };
    }
    t
}

/// `--heavy`: makes `t` (of a kind from [`OVER_CAP_KINDS`]) worth more VOV hours than the yearly cap
/// of an employee at `twp`, 125 x TWP / 100 exactly (62,5 at 50 %), on its own.
fn push_over_cap(rng: &mut Rng, t: &mut Training, kind: Kind, twp: u32) {
    let over = |hours: u32| u64::from(hours) * 100 > 125 * u64::from(twp);
    let pick = |rng: &mut Rng, options: &[u32], per_unit: u32| {
        let fitting: Vec<u32> = options.iter().copied().filter(|&o| over(o * per_unit)).collect();
        // The largest option is over any cap (TWP at most 100).
        if fitting.is_empty() {
            options[options.len() - 1]
        } else {
            rng.pick(&fitting)
        }
    };
    match kind {
        Kind::StudyPoints | Kind::CreditContract => {
            // Up to a full-time year of 60 study points.
            let points = pick(rng, &[18, 20, 24, 27, 30, 36, 40, 45, 48, 54, 60], 4);
            t.aantal = points.to_string();
            t.vov_hours = points * 4;
        }
        _ => {
            let hours = pick(rng, &[72, 80, 90, 96, 100, 120, 130, 140, 150, 160, 180, 200, 240], 1);
            t.aantal = hours.to_string();
            t.vov_hours = hours;
        }
    }
}

/// 1 September of the school year a request filed on `as_of` can start on without being late
/// (R204: the last day is 30 November) or early (R205: from 1 June), if any.
fn september_in_time(as_of: NaiveDate) -> Option<NaiveDate> {
    let year = school_year(as_of);
    if as_of <= ymd(year, 11, 30) {
        Some(ymd(year, 9, 1))
    } else if as_of >= ymd(year + 1, 6, 1) {
        Some(ymd(year + 1, 9, 1))
    } else {
        None
    }
}

/// `--heavy`: puts some exam-commission requests (one exam day from [`training`]) in R213's
/// school-year form instead: from the enrolment date (written in `inschrijvingsdatum`) or from
/// 1 September, to 31 August. Returns whether it did.
fn exam_school_year_form(rng: &mut Rng, t: &mut Training, as_of: NaiveDate) -> bool {
    if !rng.chance(HEAVY_EXAM_SCHOOL_YEAR) {
        return false;
    }
    match september_in_time(as_of).filter(|_| rng.chance(0.3)) {
        Some(september) => {
            t.start = september;
            // Enrolled before the school year began, or not said.
            t.enrolled = rng.chance(0.5).then(|| shift(september, -rng.range(5, 90)));
        }
        None => t.enrolled = Some(t.start),
    }
    t.end = school_year_end(t.start);
    true
}

// ---------------------------------------------------------------------------------------------
// Defects

#[derive(Clone, Copy, PartialEq, Eq)]
enum Defect {
    BadKbo,
    BadInsz,
    ImpossibleDate,
    EmptyNaam,
    BadAantal,
    DeadlinePassed,
    Duplicate,
    BadOdb,
}

impl Defect {
    const ALL: [Defect; 8] = [
        Defect::BadKbo,
        Defect::BadInsz,
        Defect::ImpossibleDate,
        Defect::EmptyNaam,
        Defect::BadAantal,
        Defect::DeadlinePassed,
        Defect::Duplicate,
        Defect::BadOdb,
    ];

    /// Relative frequency among the defective rows.
    fn weight(self) -> u32 {
        match self {
            Defect::BadKbo => 10,
            Defect::BadInsz => 15,
            Defect::ImpossibleDate => 10,
            Defect::EmptyNaam => 8,
            Defect::BadAantal => 12,
            Defect::DeadlinePassed => 20,
            Defect::Duplicate => 15,
            Defect::BadOdb => 10,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Defect::BadKbo => "bad-kbo",
            Defect::BadInsz => "bad-insz",
            Defect::ImpossibleDate => "impossible-date",
            Defect::EmptyNaam => "empty-naam",
            Defect::BadAantal => "bad-aantal",
            Defect::DeadlinePassed => "deadline-passed",
            Defect::Duplicate => "duplicate",
            Defect::BadOdb => "bad-odb",
        }
    }

    /// The diagnostic the tool is expected to give the row.
    fn code(self) -> &'static str {
        match self {
            Defect::BadKbo => "V101",
            Defect::BadInsz => "V102",
            Defect::ImpossibleDate => "V104",
            Defect::EmptyNaam => "V106",
            Defect::BadAantal => "V105",
            Defect::DeadlinePassed => "R204",
            Defect::Duplicate => "X301",
            Defect::BadOdb => "V103",
        }
    }
}

/// ODB numbers that cannot be normalised (V103): too short, a zero for the O, a bad module
/// suffix, two letters, no prefix at all.
const BAD_ODBS: &[&str] = &[
    "ODB-12345",
    "0DB-1234567",
    "ODB-1234567-1",
    "ODB-AB1234",
    "1234567",
    "ODB-12345678",
];

/// Quantities that are not a plain non-negative decimal (V105).
const BAD_AANTALLEN: &[&str] = &["-40", "40 uur", "1.234,5", "4O", "n.v.t.", "12,,5", "-8"];

// ---------------------------------------------------------------------------------------------
// Output

/// Builds one line at a time in a reusable buffer, then hands it to the buffered output.
struct Writer<W: Write> {
    out: W,
    line: Vec<u8>,
    /// The previous line, for exact duplicates; `None` when it was itself defective, since a copy
    /// of a row that does not type gets no X301.
    last_clean: Option<Vec<u8>>,
}

impl<W: Write> Writer<W> {
    /// Appends a cell, quoted (RFC 4180) only when it must be.
    fn cell(&mut self, s: &str) {
        if s.contains([';', '"', '\n', '\r']) {
            self.line.push(b'"');
            for b in s.bytes() {
                if b == b'"' {
                    self.line.push(b'"');
                }
                self.line.push(b);
            }
            self.line.push(b'"');
        } else {
            self.line.extend_from_slice(s.as_bytes());
        }
        self.line.push(b';');
    }

    fn date_cell(&mut self, date: Option<NaiveDate>, style: DateStyle) {
        if let Some(d) = date {
            write_date(&mut self.line, d, style);
        }
        self.line.push(b';');
    }

    /// Ends the line (replacing the trailing `;` by CRLF) and writes it.
    fn finish(&mut self, clean: bool) -> io::Result<()> {
        self.line.pop();
        self.line.extend_from_slice(b"\r\n");
        self.out.write_all(&self.line)?;
        if clean {
            // Swap buffers rather than copy: the old `last_clean` becomes the next scratch line.
            let previous = self.last_clean.take().unwrap_or_default();
            self.last_clean = Some(std::mem::replace(&mut self.line, previous));
        } else {
            self.last_clean = None;
        }
        self.line.clear();
        Ok(())
    }

    /// Writes the previous line again, if it was clean.
    fn duplicate(&mut self) -> io::Result<bool> {
        match &self.last_clean {
            Some(previous) => {
                self.out.write_all(previous)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn row(
        &mut self,
        employer: &Employer,
        employee: &Employee,
        t: &Training,
        defect: Option<Defect>,
        rng: &mut Rng,
    ) -> io::Result<()> {
        let style = employer.date_style;
        let kbo = employer.kbo_cell((defect == Some(Defect::BadKbo)).then(|| rng.range(1, 50) as u64));
        self.cell(&kbo);
        self.cell(&employer.name);
        self.cell(employer.postcode);
        let insz = employee.insz_cell(
            employer.insz_dotted,
            (defect == Some(Defect::BadInsz)).then(|| rng.range(1, 50) as u64),
        );
        self.cell(&insz);
        self.cell(if defect == Some(Defect::EmptyNaam) {
            ""
        } else {
            employee.naam
        });
        self.cell(employee.voornaam);
        let odb = match defect {
            Some(Defect::BadOdb) => rng.pick(BAD_ODBS).to_string(),
            // Odd but fine spellings the tool normalises (`odb 0002141`, `ODB0002141`).
            _ if rng.chance(0.03) => match rng.below(3) {
                0 => t.odb.to_lowercase().replace('-', " "),
                1 => t.odb.replace('-', ""),
                _ => format!(" {} ", t.odb.to_lowercase()),
            },
            _ => t.odb.clone(),
        };
        self.cell(&odb);
        self.cell(&t.titel);
        self.cell(t.opleidingstype);
        self.cell(t.contract);
        self.cell(t.eenheid);
        if defect == Some(Defect::BadAantal) {
            self.cell(rng.pick(BAD_AANTALLEN));
        } else {
            self.cell(&t.aantal);
        }
        if defect == Some(Defect::ImpossibleDate) {
            // 31 February, 30 February or 31 April of the start's year, in start or end.
            let year = t.start.year();
            let bad = match rng.below(3) {
                0 => format!("31/02/{year}"),
                1 => format!("30/02/{year}"),
                _ => format!("31/04/{year}"),
            };
            if rng.chance(0.5) {
                self.cell(&bad);
                self.date_cell(Some(t.end), style);
            } else {
                self.date_cell(Some(t.start), style);
                self.cell(&bad);
            }
        } else {
            self.date_cell(Some(t.start), style);
            self.date_cell(Some(t.end), style);
        }
        self.date_cell(t.enrolled, style);
        self.date_cell(employee.hired, style);
        match employee.twp {
            Some(twp) if employer.twp_percent_sign => self.cell(&format!("{twp}%")),
            Some(twp) => self.cell(&twp.to_string()),
            None => self.cell(""),
        }
        self.cell(employee.vast_uurrooster);
        self.cell(&employer.email);
        self.cell(&employer.iban);
        self.finish(defect.is_none())
    }
}

// ---------------------------------------------------------------------------------------------
// Main loop

#[derive(Default)]
struct Stats {
    employers: u64,
    employees: u64,
    over_cap: u64,
    defects: [u64; Defect::ALL.len()],
    /// Rows without a defect of the employees over the cap: the rows X302 should be raised on.
    over_cap_rows: u64,
    /// Rows in `studiepunten`, at the exam commission, and of those in the school-year form (all
    /// rows, with or without a defect; duplicates not counted).
    study_point_rows: u64,
    exam_rows: u64,
    exam_school_year_rows: u64,
}

fn generate<W: Write>(args: &Args, out: W) -> io::Result<Stats> {
    let mut rng = Rng::new(args.seed);
    let mut w = Writer {
        out,
        line: Vec::with_capacity(512),
        last_clean: None,
    };
    w.out.write_all(HEADER.as_bytes())?;
    w.out.write_all(b"\r\n")?;

    let as_of = args.as_of;
    let employers = (args.rows / 200).max(5);
    // Employer sizes vary a lot in reality; give each a weight (a few big ones, many small ones)
    // and hand out rows in proportion, exactly `rows` in total.
    let weights: Vec<f64> = (0..employers).map(|_| 0.2 + rng.unit().powi(3) * 8.0).collect();
    let total_weight: f64 = weights.iter().sum();
    let defect_weights: Vec<(u32, Defect)> = Defect::ALL.iter().map(|&d| (d.weight(), d)).collect();
    let kinds = if args.heavy { HEAVY_KINDS } else { KINDS };

    let mut stats = Stats::default();
    let mut written = 0u64;
    let mut cumulative = 0.0;
    let mut employee_index = 0u64;
    for (e, weight) in weights.iter().enumerate() {
        if written == args.rows {
            break;
        }
        cumulative += weight;
        // Row count at which this employer ends: at least one row each (while rows last), and the
        // last one takes whatever is left.
        let still_to_come = employers - 1 - e as u64;
        let until = if still_to_come == 0 {
            args.rows
        } else {
            let upper = args.rows.saturating_sub(still_to_come).max(written + 1).min(args.rows);
            ((args.rows as f64 * cumulative / total_weight).round() as u64).clamp(written + 1, upper)
        };
        let employer = Employer::new(e as u64, &mut rng);
        stats.employers += 1;

        while written < until {
            let employee = Employee::new(employee_index, as_of, &mut rng);
            employee_index += 1;
            stats.employees += 1;

            // 1 to 3 trainings, as many as fit under the yearly cap at 32 hours each.
            let cap = employee.cap_hours();
            // --heavy: this employee's first row alone goes over the cap (the draw only with --heavy,
            // so that the default output stays what it was).
            let over = args.heavy && rng.chance(HEAVY_OVER_CAP);
            let wanted = rng.weighted(&[(55, 1u32), (30, 2), (15, 3)]);
            // About 1 % of the employees with several trainings may go over the cap (X302, a warning),
            // as happens in real files: each of their trainings may use the whole cap. (--heavy has
            // its own, far larger share: `over`.)
            let loose = !args.heavy && wanted >= 2 && rng.chance(0.01);
            let count = if loose || over {
                wanted
            } else {
                wanted.min((cap / 32).max(1))
            };
            let budget = if loose || over { cap } else { cap / count };
            // VOV hours and rows of this employee's rows without a defect, by school year (of the
            // reference start): those are what X302 adds up. Near 1 September an employee's rows can
            // fall in two school years.
            let mut clean: Vec<(i32, u32, u64)> = Vec::with_capacity(2);

            let mut kinds_taken: Vec<Kind> = Vec::with_capacity(3);
            let mut titles_taken: Vec<usize> = Vec::with_capacity(3);
            for i in 0..count {
                if written >= until {
                    break;
                }
                let mut defect = rng.chance(args.defect_rate).then(|| rng.weighted(&defect_weights));
                if defect == Some(Defect::Duplicate) {
                    if w.duplicate()? {
                        stats.defects[Defect::Duplicate as usize] += 1;
                        written += 1;
                        if written >= until {
                            break;
                        }
                    }
                    defect = None;
                }

                let pushes_over = over && i == 0;
                let kind = if pushes_over {
                    rng.weighted(OVER_CAP_KINDS)
                } else {
                    loop {
                        let k = rng.weighted(kinds);
                        if k.min_hours() <= budget && !(k.fixed_odb() && kinds_taken.contains(&k)) {
                            break k;
                        }
                    }
                };
                kinds_taken.push(kind);
                let start = if defect == Some(Defect::DeadlinePassed) {
                    // 100 to 200 days ago: the three months to submit are over (R204).
                    shift(as_of, -rng.range(100, 200))
                } else {
                    // The submission window: from a little less than three months ago (R204 still
                    // fine) to two months ahead (R205 allows three).
                    shift(as_of, rng.range(-80, 60))
                };
                let mut t = training(&mut rng, kind, budget, start, &mut titles_taken);
                if pushes_over {
                    push_over_cap(&mut rng, &mut t, kind, employee.twp.unwrap_or(100));
                }
                if kind == Kind::ExamCommission {
                    stats.exam_rows += 1;
                    // Not for a row meant to be late: the form could move its start back in time.
                    if args.heavy
                        && defect != Some(Defect::DeadlinePassed)
                        && exam_school_year_form(&mut rng, &mut t, as_of)
                    {
                        stats.exam_school_year_rows += 1;
                    }
                }
                if t.eenheid == "studiepunten" {
                    stats.study_point_rows += 1;
                }
                match defect {
                    // A late enrolment would move the reference start, and maybe the deadline, back
                    // into the window.
                    Some(Defect::DeadlinePassed) => {
                        t.enrolled = t.enrolled.filter(|&e| e <= start);
                        stats.defects[Defect::DeadlinePassed as usize] += 1;
                    }
                    Some(d) => stats.defects[d as usize] += 1,
                    None => {
                        let year = school_year(t.enrolled.map_or(t.start, |e| e.max(t.start)));
                        match clean.iter_mut().find(|(y, _, _)| *y == year) {
                            Some((_, hours, rows)) => {
                                *hours += t.vov_hours;
                                *rows += 1;
                            }
                            None => clean.push((year, t.vov_hours, 1)),
                        }
                    }
                }
                w.row(&employer, &employee, &t, defect, &mut rng)?;
                written += 1;
            }
            // The cap is 125 x TWP / 100 exactly (62,5 at 50 %).
            let over_cap = |hours: u32| u64::from(hours) * 100 > 125 * u64::from(employee.twp.unwrap_or(100));
            if clean.iter().any(|&(_, hours, _)| over_cap(hours)) {
                stats.over_cap += 1;
                stats.over_cap_rows += clean
                    .iter()
                    .filter(|&&(_, hours, _)| over_cap(hours))
                    .map(|&(_, _, rows)| rows)
                    .sum::<u64>();
            }
        }
    }
    w.out.flush()?;
    Ok(stats)
}

fn main() -> ExitCode {
    let args = Args::parse();
    if !(0.0..=1.0).contains(&args.defect_rate) {
        eprintln!("synth: --defect-rate must be between 0 and 1");
        return ExitCode::from(2);
    }
    // Each employee needs a distinct INSZ; there are BIRTH_DAYS x SERIALS of them and about 0.65
    // employees per row.
    if args.rows > 20_000_000 {
        eprintln!("synth: at most 20000000 rows (the distinct INSZ numbers would run out)");
        return ExitCode::from(2);
    }
    let result = if args.file.as_os_str() == "-" {
        generate(&args, BufWriter::with_capacity(1 << 16, io::stdout().lock()))
    } else {
        File::create(&args.file).and_then(|f| generate(&args, BufWriter::with_capacity(1 << 16, f)))
    };
    match result {
        Ok(stats) => {
            let total: u64 = stats.defects.iter().sum();
            let kinds: Vec<String> = Defect::ALL
                .iter()
                .map(|&d| format!("{} {} ({})", d.name(), stats.defects[d as usize], d.code()))
                .collect();
            let share = |n: u64| {
                if args.rows == 0 {
                    0.0
                } else {
                    n as f64 * 100.0 / args.rows as f64
                }
            };
            // The line without --heavy is the one it always was.
            let heavy = if args.heavy {
                format!(
                    " with {} rows ({:.1}%) without a defect; heavy mix: study points {} rows ({:.1}%, R209), exam commission {} rows ({:.1}%, R213; {} in the school-year form)",
                    stats.over_cap_rows,
                    share(stats.over_cap_rows),
                    stats.study_point_rows,
                    share(stats.study_point_rows),
                    stats.exam_rows,
                    share(stats.exam_rows),
                    stats.exam_school_year_rows,
                )
            } else {
                String::new()
            };
            eprintln!(
                "synth: {} rows, {} employers, {} employees, seed {}, as-of {}; defects {} ({:.2}%): {}; employees over the yearly cap {} (X302){heavy}",
                args.rows,
                stats.employers,
                stats.employees,
                args.seed,
                args.as_of,
                total,
                share(total),
                kinds.join(", "),
                stats.over_cap,
            );
            ExitCode::SUCCESS
        }
        // `synth 1000 - | head` closes the pipe early: not an error worth a message.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("synth: {}: {e}", args.file.display());
            ExitCode::FAILURE
        }
    }
}
