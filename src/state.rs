//! What the batch keeps in memory while its rows wait in the spool: a
//! compact index of the typed requests (for the batch rules and the
//! figures), the findings of the batch rules on the rows they touch (shared
//! per group), and the running counts of the report.
//!
//! No cell, message or per-row diagnostic is kept here: the rows are in the
//! spool (see [`crate::spool`]), and [`crate::assemble`] adds the findings
//! to them. Memory grows with the typed requests (an [`Entry`] of 72 bytes
//! each) and the employees, whatever the width of the input.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::slice::ParallelSliceMut;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::school_year;
use crate::code::Code;
use crate::field::Field;
use crate::model::{Diagnostic, Outcome, Request, Severity, Source, Status};
use crate::regulation::{vov_hours, yearly_cap, FULL_TIME_TWP};
use crate::values::{Kbo, Unit};

/// How a row's request stands against the ledger of earlier runs, as a
/// worker finds it with [`crate::ledger::LedgerView`] (X306, X307).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LedgerMatch {
    /// No earlier run prepared this key, or no ledger is used.
    #[default]
    None,
    /// An earlier run prepared this key with the same content.
    Same,
    /// An earlier run prepared this key with other dates, unit or quantity.
    Changed,
}

/// Module rows merged into one request by `--merge-modules`: the first
/// member's request, with these values, takes the place of them all. X305
/// plans them (`rules::batch::x305_modules_of_one_training`); X306/X307 check
/// them against the ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// The rows merged, in input order.
    pub members: Vec<Source>,
    /// The base ODB number (without module suffix).
    pub odb: String,
    /// The first module's start (its reference start).
    pub startdatum: NaiveDate,
    /// The last module's end.
    pub einddatum: NaiveDate,
    /// The quantities of the modules summed (they share one unit).
    pub aantal: Decimal,
}

/// What a row's own diagnostics (F005, V and R rules) say about it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowFlags {
    /// An error; for a row that matches the ledger, one that X306 does not stop.
    pub error: bool,
    /// A warning other than R203 (which X303 may take away) and, for a row
    /// that matches the ledger, other than those X306 stops.
    pub warning: bool,
    pub r203: bool,
    /// An error / a warning that X306 stops (the deadline rules, see
    /// [`crate::relations::STOPS`]), on a row that matches the ledger.
    pub stopped_error: bool,
    pub stopped_warning: bool,
    /// Which of those codes the row has: bit `i` for the `i`th code X306 stops.
    pub stopped: u8,
    /// Which of [`ROW_AND_BATCH`] the row's own rules gave: bit `i` for the
    /// `i`th code. A batch rule that gives the row the same code again does
    /// not count it again in `by_code`, which counts rows.
    pub own_batch_codes: u8,
    pub ledger: LedgerMatch,
}

/// The codes that a row's own rules and a batch rule may both give one row
/// (R208: at most 50 at this employer on a fixed schedule, and the total
/// over the employee's school year). At most eight.
pub const ROW_AND_BATCH: &[Code] = &[Code::R208];

impl RowFlags {
    pub fn of(diagnostics: &[Diagnostic]) -> RowFlags {
        RowFlags::with_ledger(diagnostics, LedgerMatch::None)
    }

    pub fn with_ledger(diagnostics: &[Diagnostic], ledger: LedgerMatch) -> RowFlags {
        let mut flags = RowFlags {
            ledger,
            ..RowFlags::default()
        };
        let stops = crate::relations::stopped_by(crate::code::Code::X306);
        for d in diagnostics {
            if let Some(at) = ROW_AND_BATCH.iter().position(|c| *c == d.code) {
                flags.own_batch_codes |= 1 << at;
            }
            let stop_at = stops.iter().position(|c| *c == d.code);
            let stoppable = ledger == LedgerMatch::Same && stop_at.is_some();
            if let (true, Some(at)) = (stoppable, stop_at) {
                flags.stopped |= 1 << at;
            }
            match d.severity {
                Severity::Error if stoppable => flags.stopped_error = true,
                Severity::Error => flags.error = true,
                Severity::Warning if d.code == Code::R203 => flags.r203 = true,
                Severity::Warning if stoppable => flags.stopped_warning = true,
                Severity::Warning => flags.warning = true,
                Severity::Info => {}
            }
        }
        flags
    }

    /// The codes X306 would stop on the row.
    pub fn stopped_codes(&self) -> impl Iterator<Item = crate::code::Code> + '_ {
        crate::relations::stopped_by(crate::code::Code::X306)
            .iter()
            .enumerate()
            .filter(|(at, _)| self.stopped & (1 << at) != 0)
            .map(|(_, code)| *code)
    }

    /// Whether the row's own rules gave `code` (one of [`ROW_AND_BATCH`]).
    pub fn has_own(&self, code: crate::code::Code) -> bool {
        ROW_AND_BATCH
            .iter()
            .position(|c| *c == code)
            .is_some_and(|at| self.own_batch_codes & (1 << at) != 0)
    }

    /// The standing the first read counted for the row, before any batch rule.
    pub fn first_standing(&self, strict: bool) -> Standing {
        Standing::new(
            true,
            self.error || self.stopped_error,
            self.warning || self.r203 || self.stopped_warning,
            strict,
        )
    }
}

/// A row's standing: its status and whether it carries a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub status: Status,
    pub warning: bool,
}

impl Standing {
    /// `typed`: whether every field typed (an untyped row is always rejected).
    pub fn new(typed: bool, error: bool, warning: bool, strict: bool) -> Standing {
        let rejected = !typed || error || (strict && warning);
        Standing {
            status: if rejected { Status::Rejected } else { Status::Accepted },
            warning,
        }
    }

    /// A row's standing from its final diagnostics: X306 makes it already
    /// prepared (it is given only to a row that no error rejects).
    pub fn of(typed: bool, diagnostics: &[Diagnostic], strict: bool) -> Standing {
        let error = diagnostics.iter().any(|d| d.severity == Severity::Error);
        let warning = diagnostics.iter().any(|d| d.severity == Severity::Warning);
        let prepared = diagnostics.iter().any(|d| d.code == Code::X306);
        if prepared && typed && !error {
            return Standing::already_prepared(warning);
        }
        Standing::new(typed, error, warning, strict)
    }

    /// A row whose request an earlier run prepared (X306): not uploaded
    /// again, not rejected, whatever `--strict` says of its warnings.
    pub fn already_prepared(warning: bool) -> Standing {
        Standing {
            status: Status::AlreadyPrepared,
            warning,
        }
    }
}

/// One typed request in the index. Kept small (72 bytes): there is one for
/// every typed row of the batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub source: Source,
    /// KBO and INSZ as numbers: 10 and 11 digits fit a u64.
    pub kbo: u64,
    pub insz: u64,
    /// VOV hours after R209/R210/R213 (see `regulation::vov_hours`), in the
    /// index's book of distinct values (see [`EmployeeIndex::hours`]): a
    /// batch has few, and an id takes 4 bytes where a decimal takes 16.
    hours: u32,
    /// The normalised ODB number (module suffix included), in the [`OdbBook`].
    pub odb: u32,
    /// Index into the [`NameBook`].
    pub name: u32,
    /// The TWP at this employer and the total TWP over all employers given
    /// on the row, as one id into the index's book of distinct pairs (see
    /// [`EmployeeIndex::twp`], [`EmployeeIndex::twp_totaal`]): a batch has a
    /// handful, and one id keeps the entry at 72 bytes.
    twps: u32,
    /// Whether the request is on the employer's initiative (X308); the
    /// employee's own when the column is empty.
    pub employer_initiative: bool,
    /// Whether the row says `overgangsmaatregel` = ja: the clerk knows the
    /// transitional measure of 2025-2026 applies (R208, RULES.md rev 3).
    pub transitional: bool,
    pub reference_start: NaiveDate,
    pub einddatum: NaiveDate,
    /// The last day to submit (R204, or R216's later one for a new hire).
    pub last_day: NaiveDate,
    pub eenheid: Unit,
    pub flags: RowFlags,
}

impl Entry {
    pub fn school_year(&self) -> i32 {
        school_year(self.reference_start)
    }

    /// One employee in one school year: the unit of the cap and the minimum.
    pub fn employee_year(&self) -> (u64, i32) {
        (self.insz, self.school_year())
    }

    pub fn kbo_text(&self) -> String {
        format!("{:010}", self.kbo)
    }
}

/// Names of employees, each distinct name once. Names compare without case,
/// accents, punctuation or extra spaces (X304).
#[derive(Debug, Default)]
pub struct NameBook {
    by_key: HashMap<String, u32>,
    shown: Vec<String>,
}

impl NameBook {
    pub fn key(naam: &str, voornaam: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        format!("{naam} {voornaam}")
            .nfd()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn intern(&mut self, naam: &str, voornaam: &str) -> u32 {
        self.intern_shown(Self::key(naam, voornaam), format!("{naam} {voornaam}"))
    }

    /// As [`NameBook::intern`], with the key and the name as shown made
    /// beforehand (on a worker thread).
    pub fn intern_shown(&mut self, key: String, shown: String) -> u32 {
        if let Some(id) = self.by_key.get(&key) {
            return *id;
        }
        let id = u32::try_from(self.shown.len()).unwrap_or(u32::MAX);
        self.shown.push(shown);
        self.by_key.insert(key, id);
        id
    }

    /// The name as first written.
    pub fn shown(&self, id: u32) -> &str {
        self.shown.get(id as usize).map(String::as_str).unwrap_or("")
    }
}

/// ODB numbers, each distinct one once (a batch has few trainings and many rows).
#[derive(Debug, Default)]
pub struct OdbBook {
    by_text: HashMap<Box<str>, u32>,
    texts: Vec<(Box<str>, u8)>,
}

impl OdbBook {
    /// `base_len`: the length of the number without its module suffix.
    pub fn intern(&mut self, odb: &str, base_len: usize) -> u32 {
        if let Some(id) = self.by_text.get(odb) {
            return *id;
        }
        let id = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.texts.push((odb.into(), u8::try_from(base_len).unwrap_or(u8::MAX)));
        self.by_text.insert(odb.into(), id);
        id
    }

    pub fn text(&self, id: u32) -> &str {
        self.texts.get(id as usize).map(|(t, _)| &**t).unwrap_or("")
    }

    /// The number without its module suffix.
    pub fn base(&self, id: u32) -> &str {
        match self.texts.get(id as usize) {
            Some((text, base_len)) => text.get(..usize::from(*base_len)).unwrap_or(text),
            None => "",
        }
    }

    pub fn has_module(&self, id: u32) -> bool {
        self.text(id).len() > self.base(id).len()
    }
}

/// An index entry as a worker thread prepares it from a typed request:
/// everything but the ids of its name and ODB number, which the index hands
/// out in input order.
pub struct PreparedEntry {
    entry: Entry,
    twp: Option<Decimal>,
    twp_totaal: Option<Decimal>,
    hours: Decimal,
    aantal: Decimal,
    name_key: String,
    shown_name: String,
    odb: String,
    odb_base_len: usize,
}

impl PreparedEntry {
    pub fn new(source: Source, request: Request, diagnostics: &[Diagnostic]) -> PreparedEntry {
        PreparedEntry::with_ledger(source, request, diagnostics, LedgerMatch::None)
    }

    /// As [`PreparedEntry::new`], for a row whose request stands so against the ledger.
    pub fn with_ledger(
        source: Source,
        request: Request,
        diagnostics: &[Diagnostic],
        ledger: LedgerMatch,
    ) -> PreparedEntry {
        let entry = Entry {
            source,
            kbo: request.kbo.as_str().parse().unwrap_or(0),
            insz: request.insz.as_str().parse().unwrap_or(0),
            odb: 0,
            reference_start: request.reference_start(),
            einddatum: request.einddatum,
            last_day: crate::regulation::last_day_of(&request),
            eenheid: request.eenheid,
            flags: RowFlags::with_ledger(diagnostics, ledger),
            hours: 0,
            twps: 0,
            employer_initiative: request.initiatief == Some(crate::values::Initiative::Werkgever),
            transitional: request.overgangsmaatregel == Some(true),
            name: 0,
        };
        let (twp, twp_totaal, aantal, hours) = (request.twp, request.twp_totaal, request.aantal, vov_hours(&request));
        let name_key = NameBook::key(&request.naam, &request.voornaam);
        let odb_base_len = request.odb.base().len();
        let Request {
            naam, voornaam, odb, ..
        } = request;
        let mut shown_name = naam;
        shown_name.push(' ');
        shown_name.push_str(&voornaam);
        PreparedEntry {
            entry,
            twp,
            twp_totaal,
            hours,
            aantal,
            name_key,
            shown_name,
            odb: odb.as_str().to_string(),
            odb_base_len,
        }
    }
}

/// The entries of an [`EmployeeIndex`] grouped by employee and school year
/// (the unit of the cap and the minimum), each group in input order. The
/// groups are found once: the batch rules and the figures all walk them.
#[derive(Debug, Default)]
pub struct EmployeeYears {
    order: Vec<u32>,
    /// Where each group ends in `order` (u32: entries are counted in u32).
    ends: Vec<u32>,
}

impl EmployeeYears {
    pub fn groups(&self) -> impl Iterator<Item = &[u32]> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(start, end)| self.order.get(start as usize..end as usize).unwrap_or_default())
    }

    pub fn group_count(&self) -> usize {
        self.ends.len()
    }
}

/// The typed requests of a batch in input order, with the books their names
/// and ODB numbers are interned in.
#[derive(Debug, Default)]
pub struct EmployeeIndex {
    /// Blocks of `BLOCK` entries: a growing Vec would need room for twice
    /// the entries while it moves them.
    blocks: Vec<Vec<Entry>>,
    pub names: NameBook,
    pub odbs: OdbBook,
    /// Distinct pairs of TWP and total TWP (a batch has a handful); an entry
    /// holds the position of its pair here.
    twp_pairs: Vec<(Option<Decimal>, Option<Decimal>)>,
    twp_ids: HashMap<(Option<Decimal>, Option<Decimal>), u32>,
    /// Distinct VOV hours; an entry holds the position of its hours here.
    hours_book: Vec<Decimal>,
    hours_ids: HashMap<Decimal, u32>,
    /// The quantity of rows with a module ODB number (for `--merge-modules`),
    /// by entry index; other rows do not need it.
    module_aantal: PositionMap<u32, Decimal>,
}

const BLOCK: usize = 1 << 16;

impl EmployeeIndex {
    /// Adds the request of a row that typed (call in input order).
    pub fn add(&mut self, source: Source, request: &Request, diagnostics: &[Diagnostic]) {
        self.add_prepared(PreparedEntry::new(source, request.clone(), diagnostics));
    }

    /// Adds an entry prepared on a worker thread (call in input order):
    /// only the interning of its name and ODB number is left.
    pub fn add_prepared(&mut self, prepared: PreparedEntry) {
        let PreparedEntry {
            mut entry,
            twp,
            twp_totaal,
            hours,
            aantal,
            name_key,
            shown_name,
            odb,
            odb_base_len,
        } = prepared;
        entry.odb = self.odbs.intern(&odb, odb_base_len);
        entry.name = self.names.intern_shown(name_key, shown_name);
        entry.hours = match self.hours_ids.get(&hours) {
            Some(id) => *id,
            None => {
                let id = u32::try_from(self.hours_book.len()).unwrap_or(u32::MAX);
                self.hours_book.push(hours);
                self.hours_ids.insert(hours, id);
                id
            }
        };
        entry.twps = self.twp_id((twp, twp_totaal));
        if self.odbs.has_module(entry.odb) {
            self.module_aantal.insert(self.entry_count(), aantal);
        }
        match self.blocks.last_mut() {
            Some(block) if block.len() < BLOCK => block.push(entry),
            _ => {
                let mut block = Vec::with_capacity(BLOCK);
                block.push(entry);
                self.blocks.push(block);
            }
        }
    }

    /// Entry indices grouped by employee and school year: groups in key order,
    /// entries in input order within each.
    pub fn by_employee_year(&self) -> EmployeeYears {
        // The keys are made once, not at every comparison.
        let mut keyed: Vec<(u64, i32, u32)> = self
            .entries()
            .map(|(i, e)| {
                let (insz, year) = e.employee_year();
                (insz, year, i)
            })
            .collect();
        keyed.par_sort_unstable();
        let mut ends = Vec::new();
        for (at, pair) in keyed.windows(2).enumerate() {
            if let [(insz_a, year_a, _), (insz_b, year_b, _)] = pair {
                if (insz_a, year_a) != (insz_b, year_b) {
                    ends.push(u32::try_from(at + 1).unwrap_or(u32::MAX));
                }
            }
        }
        if !keyed.is_empty() {
            ends.push(u32::try_from(keyed.len()).unwrap_or(u32::MAX));
        }
        EmployeeYears {
            order: keyed.into_iter().map(|(_, _, i)| i).collect(),
            ends,
        }
    }

    pub fn entry_count(&self) -> u32 {
        let count = self.blocks.iter().map(Vec::len).sum::<usize>();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// The entry at `index` (below [`EmployeeIndex::entry_count`]).
    pub fn entry(&self, index: u32) -> &Entry {
        let index = index as usize;
        &self.blocks[index / BLOCK][index % BLOCK]
    }

    /// The entry's VOV hours (see [`Entry`]).
    pub fn hours(&self, entry: &Entry) -> Decimal {
        // Every entry's id was handed out by `add_prepared`.
        self.hours_book
            .get(entry.hours as usize)
            .copied()
            .unwrap_or(Decimal::ZERO)
    }

    /// The entry's TWP, if given.
    pub fn twp(&self, entry: &Entry) -> Option<Decimal> {
        self.twp_pairs.get(usize::try_from(entry.twps).ok()?)?.0
    }

    /// The total TWP over all employers given on the entry's row, if any.
    pub fn twp_totaal(&self, entry: &Entry) -> Option<Decimal> {
        self.twp_pairs.get(usize::try_from(entry.twps).ok()?)?.1
    }

    /// The id of a pair of TWPs in the book, adding it when new.
    fn twp_id(&mut self, pair: (Option<Decimal>, Option<Decimal>)) -> u32 {
        match self.twp_ids.get(&pair) {
            Some(id) => *id,
            None => {
                let id = u32::try_from(self.twp_pairs.len()).unwrap_or(u32::MAX);
                self.twp_pairs.push(pair);
                self.twp_ids.insert(pair, id);
                id
            }
        }
    }

    /// The employee's total TWP in a school year, from the rows of `group`
    /// (RULES.md rev 2, 'total TWP'): the lowest `tewerkstelling_totaal_pct`
    /// given; else the sum over their employers of each employer's lowest
    /// `tewerkstelling_pct`, at most 100; unknown when no row gives a TWP.
    pub fn total_twp(&self, group: &[u32]) -> TotalTwp {
        let mut lowest_total: Option<Decimal> = None;
        // Each employer's lowest TWP; an employee has a handful of employers.
        let mut per_employer: Vec<(u64, Decimal)> = Vec::new();
        for entry in group.iter().map(|i| self.entry(*i)) {
            if let Some(total) = self.twp_totaal(entry) {
                lowest_total = Some(lowest_total.map_or(total, |low| low.min(total)));
            }
            if let Some(twp) = self.twp(entry) {
                match per_employer.iter_mut().find(|(kbo, _)| *kbo == entry.kbo) {
                    Some((_, low)) => *low = (*low).min(twp),
                    None => per_employer.push((entry.kbo, twp)),
                }
            }
        }
        match lowest_total {
            Some(total) => TotalTwp::Given(total),
            None if per_employer.is_empty() => TotalTwp::Unknown,
            None => {
                let sum = per_employer
                    .iter()
                    .fold(Decimal::ZERO, |sum, (_, twp)| sum.saturating_add(*twp));
                TotalTwp::Summed {
                    total: sum.min(Decimal::from(FULL_TIME_TWP)),
                    employers: per_employer.len(),
                }
            }
        }
    }

    /// The quantity of the entry at `index`, for an entry with a module ODB number.
    pub fn module_aantal(&self, index: u32) -> Option<Decimal> {
        self.module_aantal.get(&index).copied()
    }

    /// Every entry with its index, in input order.
    pub fn entries(&self) -> impl Iterator<Item = (u32, &Entry)> {
        (0..).zip(self.blocks.iter().flatten())
    }

    /// The VOV hours of `members` (entry indices of one employee's school
    /// year, in input order) against their personal maximum: the one
    /// computation of the cap, for X302's finding and the report's capped
    /// hours (see `rules::batch::x302_over_yearly_cap`). The TWP is the total
    /// of the whole `group` (every row of the employee's school year that
    /// typed, [`EmployeeIndex::total_twp`]). In a school year of the
    /// shared-initiative right, when `members` hold requests of at least two
    /// ODB numbers on both initiatives (X308), each initiative has a cap of
    /// its own: [`YearTotals::part`] says which part a row counts in.
    pub fn year_totals(&self, group: &[u32], members: &[u32]) -> YearTotals {
        let twp = self.total_twp(group);
        let year = group.first().map_or(0, |i| self.entry(*i).school_year());
        let cap = yearly_cap(year, twp.value());
        let shared = self.shares_initiative(members);
        let mut parts = [YearTotal {
            hours: Decimal::ZERO,
            cap,
            side: if shared { CapSide::Employee } else { CapSide::Whole },
        }; 2];
        parts[1].side = CapSide::Employer;
        for entry in members.iter().map(|i| self.entry(*i)) {
            let part = &mut parts[usize::from(shared && entry.employer_initiative)];
            part.hours = part.hours.saturating_add(self.hours(entry));
        }
        YearTotals { twp, shared, parts }
    }

    /// Whether `members` (one employee's school year) meet X308: a school
    /// year of the shared-initiative right, at least two ODB numbers, at
    /// least one request on the employer's initiative and one on the
    /// employee's.
    pub fn shares_initiative(&self, members: &[u32]) -> bool {
        let Some(first) = members.first().map(|i| self.entry(*i)) else {
            return false;
        };
        if !crate::regulation::school_year_figures(first.school_year()).shared_initiative {
            return false;
        }
        let (mut employer, mut employee, mut other_odb) = (false, false, false);
        for entry in members.iter().map(|i| self.entry(*i)) {
            employer |= entry.employer_initiative;
            employee |= !entry.employer_initiative;
            other_odb |= entry.odb != first.odb;
        }
        employer && employee && other_odb
    }
}

/// An employee's total TWP in a school year (RULES.md rev 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalTwp {
    /// The lowest `tewerkstelling_totaal_pct` given on their rows.
    Given(Decimal),
    /// No total given: the sum of each employer's lowest TWP in the batch,
    /// at most 100. The employee may work elsewhere too.
    Summed {
        /// The sum, at most 100.
        total: Decimal,
        /// How many employers it adds up.
        employers: usize,
    },
    /// No row gives a TWP (the cap then assumes full time).
    Unknown,
}

impl TotalTwp {
    /// The percentage, when known.
    pub fn value(&self) -> Option<Decimal> {
        match self {
            TotalTwp::Given(total) | TotalTwp::Summed { total, .. } => Some(*total),
            TotalTwp::Unknown => None,
        }
    }
}

/// Which requests a cap counts (X302, X308).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapSide {
    /// All of the employee's requests of the school year.
    Whole,
    /// Under X308: the requests on the employee's initiative.
    Employee,
    /// Under X308: the requests on the employer's initiative.
    Employer,
}

/// One employee's VOV hours in one school year, or one side of it under
/// X308, against its cap ([`EmployeeIndex::year_totals`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearTotal {
    /// The rows' VOV hours added up (saturating, in input order).
    pub hours: Decimal,
    /// The personal maximum: [`crate::regulation::yearly_cap`] at the total TWP.
    pub cap: Decimal,
    /// Which requests it counts.
    pub side: CapSide,
}

/// An employee's school year against the cap: its total TWP and one part,
/// or two under X308 ([`EmployeeIndex::year_totals`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearTotals {
    /// The total TWP the cap is computed with.
    pub twp: TotalTwp,
    /// Whether X308 splits the year into the employee's and the employer's initiative.
    pub shared: bool,
    /// The parts: the whole year (or the employee's initiative) first, the
    /// employer's initiative second (empty unless `shared`).
    pub parts: [YearTotal; 2],
}

impl YearTotals {
    /// The index in [`YearTotals::parts`] of the part `entry` counts in.
    pub fn part(&self, entry: &Entry) -> usize {
        usize::from(self.shared && entry.employer_initiative)
    }

    /// The parts that hold requests.
    pub fn used_parts(&self) -> impl Iterator<Item = &YearTotal> {
        let count = if self.shared { 2 } else { 1 };
        self.parts.iter().take(count)
    }
}

/// One finding of a batch rule, as kept until the outputs are assembled.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// Rendered when found.
    Diagnostic(Diagnostic),
    /// X302, kept as its figures and rendered per row at assembly (by
    /// `rules::batch::x302_over_yearly_cap::cap_diagnostic`): it is raised on
    /// every row of hundreds of thousands of small groups in a large batch,
    /// where a rendered message per group took 40 MB.
    Cap(CapExcess),
}

/// An employee's VOV hours above the yearly cap in a school year (X302).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapExcess {
    /// The employee's INSZ as a number.
    pub insz: u64,
    /// The school year, as its first calendar year.
    pub school_year: i32,
    /// X302's severity, as its rule gives it.
    pub severity: Severity,
    /// The hours and the cap they exceed (one side of the year under X308).
    pub year: YearTotal,
    /// The total TWP the cap was computed with.
    pub twp: TotalTwp,
}

impl Finding {
    pub fn code(&self) -> crate::code::Code {
        match self {
            Finding::Diagnostic(d) => d.code,
            Finding::Cap(_) => Code::X302,
        }
    }

    pub fn severity(&self) -> Severity {
        match self {
            Finding::Diagnostic(d) => d.severity,
            Finding::Cap(excess) => excess.severity,
        }
    }
}

impl From<Diagnostic> for Finding {
    fn from(diagnostic: Diagnostic) -> Finding {
        Finding::Diagnostic(diagnostic)
    }
}

/// What the batch rules found on one row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowFindings {
    /// In the order the rules ran. Shared: a rule that flags a whole group
    /// (X302 on every row of an employee's school year) keeps its finding
    /// once for the group, not once per row.
    pub diagnostics: Vec<std::sync::Arc<Finding>>,
    /// X303 replaced the row's R203.
    pub drops_r203: bool,
    /// X306 stopped the row's deadline rules ([`crate::relations::STOPS`]).
    pub drops_deadline: bool,
}

/// A map keyed by row position (entry index, [`Source`]), with foldhash's
/// fixed-seed hasher: the batch rules look up every entry several times,
/// and std's SipHash made those lookups a third of their time. The keys are
/// positions the tool assigns, not text from the input, so flooding is not
/// a concern, and a fixed seed keeps every run the same.
pub type PositionMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// The batch rules' findings, by entry index while they run.
#[derive(Debug, Default)]
pub struct Findings {
    pub by_entry: PositionMap<u32, RowFindings>,
}

impl Findings {
    /// Adds a finding to an entry.
    pub fn push(&mut self, entry: u32, finding: impl Into<Finding>) {
        self.push_shared(entry, std::sync::Arc::new(finding.into()));
    }

    /// Adds a finding shared among the rows of a group.
    pub fn push_shared(&mut self, entry: u32, finding: std::sync::Arc<Finding>) {
        self.by_entry.entry(entry).or_default().diagnostics.push(finding);
    }

    pub fn drop_deadline(&mut self, entry: u32) {
        self.by_entry.entry(entry).or_default().drops_deadline = true;
    }

    pub fn drop_r203(&mut self, entry: u32) {
        self.by_entry.entry(entry).or_default().drops_r203 = true;
    }

    pub fn has_r203(&self, entry: &Entry, index: u32) -> bool {
        entry.flags.r203 && !self.by_entry.get(&index).is_some_and(|f| f.drops_r203)
    }

    pub fn drops_deadline(&self, index: u32) -> bool {
        self.by_entry.get(&index).is_some_and(|f| f.drops_deadline)
    }

    /// Whether an error that X306 cannot stop rejects the entry, with what
    /// the rules found so far (X306 asks this: the deadline rules are the
    /// ones it stops).
    pub fn has_unstoppable_error(&self, entry: &Entry, index: u32) -> bool {
        entry.flags.error
            || self
                .by_entry
                .get(&index)
                .is_some_and(|f| f.diagnostics.iter().any(|d| d.severity() == Severity::Error))
    }

    /// Whether an error rejects the entry, with what the rules found so far.
    pub fn has_error(&self, entry: &Entry, index: u32) -> bool {
        let found = self.by_entry.get(&index);
        let stopped = found.is_some_and(|f| f.drops_deadline);
        (entry.flags.error || (entry.flags.stopped_error && !stopped))
            || found.is_some_and(|f| f.diagnostics.iter().any(|d| d.severity() == Severity::Error))
    }

    /// The entry's standing with what the rules found so far.
    pub fn standing(&self, entry: &Entry, index: u32, strict: bool) -> Standing {
        let found = self.by_entry.get(&index);
        let found_diagnostics = found.map(|f| f.diagnostics.as_slice()).unwrap_or_default();
        let stopped = found.is_some_and(|f| f.drops_deadline);
        let error = self.has_error(entry, index);
        let warning = entry.flags.warning
            || (entry.flags.stopped_warning && !stopped)
            || self.has_r203(entry, index)
            || found_diagnostics.iter().any(|d| d.severity() == Severity::Warning);
        let prepared = found_diagnostics.iter().any(|d| d.code() == Code::X306);
        if prepared && !error {
            return Standing::already_prepared(warning);
        }
        Standing::new(true, error, warning, strict)
    }
}

/// A row's employer: its KBO when valid (also for a row whose other fields
/// failed), or else the KBO cell as written (for the report).
pub fn employer_of(outcome: &Outcome) -> (Option<u64>, Option<Box<str>>) {
    if let Some(request) = &outcome.request {
        return (request.kbo.as_str().parse().ok(), None);
    }
    let raw = outcome
        .raw
        .cell(Field::WerkgeverKbo)
        .identifier_text(Field::WerkgeverKbo);
    let raw = raw.trim();
    match Kbo::parse(raw) {
        Ok(kbo) => (kbo.as_str().parse().ok(), None),
        Err(_) => (None, (!raw.is_empty()).then(|| raw.into())),
    }
}

/// The employer as the report names it.
pub fn kbo_display(employer: Option<u64>, kbo_raw: Option<&str>) -> Option<String> {
    match (employer, kbo_raw) {
        (Some(kbo), _) => Some(format!("{kbo:010}")),
        (None, Some(raw)) => Some(raw.to_string()),
        (None, None) => None,
    }
}

/// What the counts need of a row's diagnostics: their codes and severities.
pub fn codes_of(diagnostics: &[Diagnostic]) -> Vec<(crate::code::Code, Severity)> {
    diagnostics.iter().map(|d| (d.code, d.severity)).collect()
}

/// The report's counts, kept as the rows go by. The first read predicts
/// them; the second read counts again and must arrive at the same figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub rows: usize,
    pub accepted: usize,
    pub rejected: usize,
    /// Accepted rows with at least one warning.
    pub with_warnings: usize,
    /// Per code: rows with that code.
    pub rows_by_code: BTreeMap<crate::code::Code, usize>,
    /// Per code: diagnostics with that code (a row may have a code twice).
    pub diagnostics_by_code: BTreeMap<crate::code::Code, usize>,
    pub severities: BTreeMap<crate::code::Code, BTreeSet<Severity>>,
    /// Rows whose request an earlier run prepared (X306).
    pub already_prepared: usize,
    /// Per valid employer KBO: its rows by status.
    pub employers: BTreeMap<u64, EmployerCounts>,
}

/// One employer's rows by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EmployerCounts {
    pub accepted: usize,
    pub rejected: usize,
    pub already_prepared: usize,
}

impl EmployerCounts {
    fn slot(&mut self, status: Status) -> &mut usize {
        match status {
            Status::Accepted => &mut self.accepted,
            Status::Rejected => &mut self.rejected,
            Status::AlreadyPrepared => &mut self.already_prepared,
        }
    }
}

impl Tally {
    /// Counts one row with its final diagnostics (see [`codes_of`]).
    pub fn add_row(&mut self, standing: Standing, codes: &[(crate::code::Code, Severity)], employer: Option<u64>) {
        self.rows += 1;
        self.add_standing(standing, employer);
        self.add_codes(codes);
    }

    /// Counts the diagnostics (code and severity) that a row gained.
    pub fn add_codes(&mut self, codes: &[(crate::code::Code, Severity)]) {
        let mut codes_seen: Vec<crate::code::Code> = Vec::new();
        for &(code, severity) in codes {
            *self.diagnostics_by_code.entry(code).or_default() += 1;
            self.severities.entry(code).or_default().insert(severity);
            if !codes_seen.contains(&code) {
                codes_seen.push(code);
                *self.rows_by_code.entry(code).or_default() += 1;
            }
        }
    }

    /// Counts the diagnostics that a batch rule gave a row already counted:
    /// a code for which `counted` is true was counted with the row (its own
    /// rules gave it), so it adds a diagnostic but not a row.
    pub fn add_codes_again(
        &mut self,
        codes: &[(crate::code::Code, Severity)],
        counted: impl Fn(crate::code::Code) -> bool,
    ) {
        let mut codes_seen: Vec<crate::code::Code> = Vec::new();
        for &(code, severity) in codes {
            *self.diagnostics_by_code.entry(code).or_default() += 1;
            self.severities.entry(code).or_default().insert(severity);
            if !codes_seen.contains(&code) && !counted(code) {
                codes_seen.push(code);
                *self.rows_by_code.entry(code).or_default() += 1;
            }
        }
    }

    /// Takes back one row's count of `code` (a row loses R203 to X303).
    pub fn remove_code(&mut self, code: crate::code::Code) {
        for counts in [&mut self.rows_by_code, &mut self.diagnostics_by_code] {
            if let Some(n) = counts.get_mut(&code) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    counts.remove(&code);
                }
            }
        }
    }

    /// Moves a row from one standing to another (the batch rules changed it).
    pub fn restand(&mut self, from: Standing, to: Standing, employer: Option<u64>) {
        if from == to {
            return;
        }
        self.remove_standing(from, employer);
        self.add_standing(to, employer);
    }

    fn status_count(&mut self, status: Status) -> &mut usize {
        match status {
            Status::Accepted => &mut self.accepted,
            Status::Rejected => &mut self.rejected,
            Status::AlreadyPrepared => &mut self.already_prepared,
        }
    }

    fn add_standing(&mut self, standing: Standing, employer: Option<u64>) {
        *self.status_count(standing.status) += 1;
        if standing.status == Status::Accepted && standing.warning {
            self.with_warnings += 1;
        }
        if let Some(kbo) = employer {
            *self.employers.entry(kbo).or_default().slot(standing.status) += 1;
        }
    }

    fn remove_standing(&mut self, standing: Standing, employer: Option<u64>) {
        let count = self.status_count(standing.status);
        *count = count.saturating_sub(1);
        if standing.status == Status::Accepted && standing.warning {
            self.with_warnings = self.with_warnings.saturating_sub(1);
        }
        if let Some(counts) = employer.and_then(|kbo| self.employers.get_mut(&kbo)) {
            let count = counts.slot(standing.status);
            *count = count.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(code: crate::code::Code, severity: Severity) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            field: None,
            value: None,
            message: String::new(),
            help: "".into(),
        }
    }

    #[test]
    fn standing_follows_severity_strictness_and_typing() {
        let warning = [diagnostic(crate::code::Code::R206, Severity::Warning)];
        assert_eq!(Standing::of(true, &warning, false).status, Status::Accepted);
        assert_eq!(Standing::of(true, &warning, true).status, Status::Rejected);
        assert_eq!(Standing::of(false, &[], false).status, Status::Rejected);
        let info = [diagnostic(crate::code::Code::R209, Severity::Info)];
        assert!(!Standing::of(true, &info, true).warning);
    }

    #[test]
    fn a_restanded_row_moves_between_counts_and_employers() {
        let mut tally = Tally::default();
        let accepted = Standing::new(true, false, false, false);
        let rejected = Standing::new(true, true, false, false);
        tally.add_row(accepted, &[(crate::code::Code::R203, Severity::Warning)], Some(7));
        tally.restand(accepted, rejected, Some(7));
        tally.remove_code(crate::code::Code::R203);
        assert_eq!((tally.accepted, tally.rejected, tally.rows), (0, 1, 1));
        assert_eq!(
            tally.employers[&7],
            EmployerCounts {
                accepted: 0,
                rejected: 1,
                already_prepared: 0
            }
        );
        assert!(tally.rows_by_code.is_empty());
    }

    #[test]
    fn a_code_twice_on_a_row_counts_one_row_and_two_diagnostics() {
        let mut tally = Tally::default();
        let twice = [
            diagnostic(crate::code::Code::V104, Severity::Error),
            diagnostic(crate::code::Code::V104, Severity::Error),
        ];
        tally.add_row(Standing::of(true, &twice, false), &codes_of(&twice), None);
        assert_eq!(tally.rows_by_code[&crate::code::Code::V104], 1);
        assert_eq!(tally.diagnostics_by_code[&crate::code::Code::V104], 2);
    }

    #[test]
    fn a_code_that_a_batch_rule_gives_a_row_again_counts_one_row() {
        let mut tally = Tally::default();
        // R208 of the row itself (fixed schedule), then of the employee's year.
        let own = [diagnostic(crate::code::Code::R208, Severity::Warning)];
        let flags = RowFlags::of(&own);
        assert!(flags.has_own(crate::code::Code::R208));
        assert!(!flags.has_own(crate::code::Code::X302));
        tally.add_row(Standing::of(true, &own, false), &codes_of(&own), None);
        tally.add_codes_again(
            &[
                (crate::code::Code::R208, Severity::Error),
                (crate::code::Code::X302, Severity::Warning),
            ],
            |code| flags.has_own(code),
        );
        assert_eq!(tally.rows_by_code[&crate::code::Code::R208], 1);
        assert_eq!(tally.diagnostics_by_code[&crate::code::Code::R208], 2);
        assert_eq!(tally.rows_by_code[&crate::code::Code::X302], 1);
        assert_eq!(
            tally.severities[&crate::code::Code::R208],
            BTreeSet::from([Severity::Warning, Severity::Error])
        );
    }

    #[test]
    fn an_entry_stays_small() {
        // Millions of them in a big batch: grow this only knowingly (80 bytes
        // with the ledger's match and the last day to submit, 72 since the
        // hours are an id into a book of distinct values).
        assert!(std::mem::size_of::<Entry>() <= 72, "{}", std::mem::size_of::<Entry>());
    }

    #[test]
    fn groups_are_one_employee_in_one_school_year_each_in_input_order() {
        use crate::rules::test_support::{date, request};
        let mut index = EmployeeIndex::default();
        // (INSZ, start): 31 August and 1 September fall in different school years.
        let rows = [
            ("85073003328", date(2026, 9, 1)),
            ("00011300133", date(2026, 9, 1)),
            ("85073003328", date(2027, 8, 31)),
            ("85073003328", date(2027, 9, 1)),
            ("85073003328", date(2026, 8, 31)),
        ];
        for (line, (insz, start)) in rows.iter().enumerate() {
            let mut r = request();
            r.insz = crate::values::Insz::parse(insz).unwrap();
            r.startdatum = *start;
            let source = Source {
                input: 0,
                line: line as u64 + 2,
            };
            index.add_prepared(PreparedEntry::new(source, r, &[]));
        }
        let years = index.by_employee_year();
        let groups: Vec<Vec<u32>> = years.groups().map(<[u32]>::to_vec).collect();
        assert_eq!(groups, vec![vec![1], vec![4], vec![0, 2], vec![3]]);
        assert_eq!(years.group_count(), 4);
        assert_eq!(EmployeeIndex::default().by_employee_year().groups().count(), 0);
    }

    #[test]
    fn odb_book_keeps_the_base_and_the_module() {
        let mut odbs = OdbBook::default();
        let with_module = odbs.intern("ODB-Z00291-001", "ODB-Z00291".len());
        let plain = odbs.intern("ODB-Z00291", "ODB-Z00291".len());
        assert_eq!(odbs.intern("ODB-Z00291-001", 10), with_module);
        assert_eq!(odbs.base(with_module), "ODB-Z00291");
        assert!(odbs.has_module(with_module));
        assert!(!odbs.has_module(plain));
    }
}
