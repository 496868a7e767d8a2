//! Where a prepared request stands: only prepared, uploaded, or what the
//! WSE-loket decided (the dossier statuses of its overview, seed 001,
//! 'Lees in de tabel wat de status van uw dossier betekent').

use std::fmt;

use serde::{Serialize, Serializer};

use crate::schema::header_key;

/// The status of a request version in the ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RequestStatus {
    /// In an upload file written by a run; not known to be uploaded.
    Prepared,
    /// Uploaded to the WSE-loket (`ledger submitted`).
    Submitted,
    /// Its upload was thrown away (`ledger release`, `prepare --replace
    /// --discard-unsubmitted`): the next run prepares it again.
    Released,
    /// WSE: no decision yet (employment figures or the 32-hour minimum pending).
    Ingediend,
    /// WSE: approved.
    Goedgekeurd,
    /// WSE: one or more payments made; corrections still possible.
    DeelsUitbetaald,
    /// WSE: settled at the end of the school year; closed.
    Uitgevoerd,
    /// WSE: refused; proof may be uploaded within a month of the decision.
    Geweigerd,
    /// WSE: does not meet the conditions for submission.
    Onontvankelijk,
    /// WSE: stopped after approval.
    Stopgezet,
    /// WSE: cancelled.
    Geannuleerd,
}

impl RequestStatus {
    /// Every status, in the order of the process.
    pub const ALL: [RequestStatus; 11] = [
        RequestStatus::Prepared,
        RequestStatus::Submitted,
        RequestStatus::Released,
        RequestStatus::Ingediend,
        RequestStatus::Goedgekeurd,
        RequestStatus::DeelsUitbetaald,
        RequestStatus::Uitgevoerd,
        RequestStatus::Geweigerd,
        RequestStatus::Onontvankelijk,
        RequestStatus::Stopgezet,
        RequestStatus::Geannuleerd,
    ];

    /// The word stored in the ledger and shown in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Prepared => "prepared",
            RequestStatus::Submitted => "submitted",
            RequestStatus::Released => "released",
            RequestStatus::Ingediend => "ingediend",
            RequestStatus::Goedgekeurd => "goedgekeurd",
            RequestStatus::DeelsUitbetaald => "deels_uitbetaald",
            RequestStatus::Uitgevoerd => "uitgevoerd",
            RequestStatus::Geweigerd => "geweigerd",
            RequestStatus::Onontvankelijk => "onontvankelijk",
            RequestStatus::Stopgezet => "stopgezet",
            RequestStatus::Geannuleerd => "geannuleerd",
        }
    }

    /// The status as a person reads it in `lang` (`ledger list`, `agenda`);
    /// [`RequestStatus::as_str`] is the word of the ledger, JSON and `--status`.
    pub fn words(self, lang: crate::lang::Lang) -> &'static str {
        use crate::lang::tr;
        match self {
            RequestStatus::Prepared => tr!(lang, nl: "voorbereid", fr: "préparée", en: "prepared"),
            RequestStatus::Submitted => tr!(lang, nl: "opgeladen", fr: "chargée", en: "submitted"),
            RequestStatus::Released => tr!(lang, nl: "vrijgegeven", fr: "libérée", en: "released"),
            RequestStatus::Ingediend => tr!(lang, nl: "ingediend", fr: "introduite", en: "lodged"),
            RequestStatus::Goedgekeurd => tr!(lang, nl: "goedgekeurd", fr: "approuvée", en: "approved"),
            RequestStatus::DeelsUitbetaald => {
                tr!(lang, nl: "deels uitbetaald", fr: "partiellement payée", en: "partially paid")
            }
            RequestStatus::Uitgevoerd => tr!(lang, nl: "uitgevoerd", fr: "exécutée", en: "executed"),
            RequestStatus::Geweigerd => tr!(lang, nl: "geweigerd", fr: "refusée", en: "refused"),
            RequestStatus::Onontvankelijk => tr!(lang, nl: "onontvankelijk", fr: "irrecevable", en: "inadmissible"),
            RequestStatus::Stopgezet => tr!(lang, nl: "stopgezet", fr: "arrêtée", en: "stopped"),
            RequestStatus::Geannuleerd => tr!(lang, nl: "geannuleerd", fr: "annulée", en: "cancelled"),
        }
    }

    /// Reads a word of [`RequestStatus::as_str`] (exactly; for the ledger and
    /// `--status`).
    pub fn parse(s: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Reads a status word of a WSE-loket dossier overview in the language
    /// the portal exported it in (Dutch, French or English), ignoring case,
    /// accents, spaces and punctuation. Seed 001 spells the partial payment
    /// both 'Deels uitbetaald' and 'Deels betaald'. 'Uitbetaald' (and
    /// 'payé', 'paid') is read as `uitgevoerd`, which 001 explains as
    /// 'volledig betaald en afgerond'. The French words are read in the
    /// masculine (le dossier) and the feminine (la demande). The ledger's
    /// own words (`deels_uitbetaald`) are accepted too, so a `ledger list
    /// --format json` can be fed back; `submitted` is the English portal's
    /// `ingediend`.
    pub fn from_wse(word: &str) -> Option<RequestStatus> {
        Some(match header_key(word).as_str() {
            "ingediend" | "introduit" | "introduite" | "submitted" => RequestStatus::Ingediend,
            "goedgekeurd" | "approuve" | "approuvee" | "approved" => RequestStatus::Goedgekeurd,
            "deelsuitbetaald" | "deelsbetaald" | "partiellementpaye" | "partiellementpayee" | "partiallypaid" => {
                RequestStatus::DeelsUitbetaald
            }
            "uitgevoerd" | "uitbetaald" | "execute" | "executee" | "paye" | "payee" | "executed" | "paid" => {
                RequestStatus::Uitgevoerd
            }
            "geweigerd" | "refuse" | "refusee" | "refused" => RequestStatus::Geweigerd,
            "onontvankelijk" | "irrecevable" | "inadmissible" => RequestStatus::Onontvankelijk,
            "stopgezet" | "arrete" | "arretee" | "stopped" => RequestStatus::Stopgezet,
            "geannuleerd" | "annule" | "annulee" | "cancelled" | "canceled" => RequestStatus::Geannuleerd,
            _ => return None,
        })
    }

    /// The words [`RequestStatus::from_wse`] reads, for error messages: per
    /// status the Dutch, French and English word.
    pub const WSE_WORDS: &'static str = "Ingediend / Introduit / Submitted, Goedgekeurd / Approuvé / Approved, \
         Deels uitbetaald / Partiellement payé / Partially paid, Uitgevoerd / Exécuté / Executed, \
         Geweigerd / Refusé / Refused, Onontvankelijk / Irrecevable / Inadmissible, \
         Stopgezet / Arrêté / Stopped, Geannuleerd / Annulé / Cancelled";

    /// Anything but `prepared` or `released`: the request reached the
    /// WSE-loket, so it can no longer be changed (X307) nor released.
    pub fn is_submitted(self) -> bool {
        !matches!(self, RequestStatus::Prepared | RequestStatus::Released)
    }

    /// A WSE decision the employer must act on (the agenda's actions).
    pub fn needs_action(self) -> bool {
        matches!(self, RequestStatus::Geweigerd | RequestStatus::Onontvankelijk)
    }
}

impl fmt::Display for RequestStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RequestStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for st in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(st.as_str()), Some(st));
        }
        assert_eq!(RequestStatus::parse("Prepared"), None);
    }

    #[test]
    fn wse_words() {
        assert_eq!(
            RequestStatus::from_wse("Deels uitbetaald"),
            Some(RequestStatus::DeelsUitbetaald)
        );
        assert_eq!(
            RequestStatus::from_wse("deels betaald"),
            Some(RequestStatus::DeelsUitbetaald)
        );
        assert_eq!(
            RequestStatus::from_wse("deels_uitbetaald"),
            Some(RequestStatus::DeelsUitbetaald)
        );
        assert_eq!(RequestStatus::from_wse(" GEWEIGERD "), Some(RequestStatus::Geweigerd));
        assert_eq!(
            RequestStatus::from_wse("Onontvankelijk"),
            Some(RequestStatus::Onontvankelijk)
        );
        assert_eq!(RequestStatus::from_wse("Uitbetaald"), Some(RequestStatus::Uitgevoerd));
        assert_eq!(RequestStatus::from_wse("Géannuleerd"), Some(RequestStatus::Geannuleerd));
        assert_eq!(RequestStatus::from_wse("submitted"), Some(RequestStatus::Ingediend));
        assert_eq!(RequestStatus::from_wse("prepared"), None);
        assert_eq!(RequestStatus::from_wse("in behandeling"), None);
        for (word, status) in [
            ("Approuvé", RequestStatus::Goedgekeurd),
            ("APPROUVEE", RequestStatus::Goedgekeurd),
            ("approved", RequestStatus::Goedgekeurd),
            ("Refusé", RequestStatus::Geweigerd),
            ("refused", RequestStatus::Geweigerd),
            ("Irrecevable", RequestStatus::Onontvankelijk),
            ("inadmissible", RequestStatus::Onontvankelijk),
            ("Introduit", RequestStatus::Ingediend),
            ("Partiellement payé", RequestStatus::DeelsUitbetaald),
            ("partially paid", RequestStatus::DeelsUitbetaald),
            ("Exécuté", RequestStatus::Uitgevoerd),
            ("executed", RequestStatus::Uitgevoerd),
            ("Paid", RequestStatus::Uitgevoerd),
            ("Arrêté", RequestStatus::Stopgezet),
            ("stopped", RequestStatus::Stopgezet),
            ("Annulée", RequestStatus::Geannuleerd),
            ("Canceled", RequestStatus::Geannuleerd),
        ] {
            assert_eq!(RequestStatus::from_wse(word), Some(status), "{word}");
        }
        assert!(!RequestStatus::Prepared.is_submitted());
        assert!(RequestStatus::Submitted.is_submitted());
        assert!(!RequestStatus::Released.is_submitted());
        assert!(RequestStatus::Geweigerd.needs_action());
        assert!(!RequestStatus::Goedgekeurd.needs_action());
    }
}
