//! The rule codes of the catalogue (`../shared/RULES.md`), one variant per
//! code that has a check. The codes are a contract (the JSON report,
//! `rules`, `explain` and external acceptance tests use them), so a code is
//! added here only together with its rule, and never renamed or reused.
//!
//! A leaf module: the model, the rules and the writers all name codes, and
//! none of them may need another to do so.

use std::fmt;

macro_rules! codes {
    ($($code:ident),+ $(,)?) => {
        /// A rule's stable code, e.g. `R204`.
        ///
        /// Ordered as the codes' text orders (`F001` < `R201` < `V101` <
        /// `X301`), which is the order diagnostics are listed in.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)] // each variant is its own code: RULES.md documents it
        pub enum Code {
            $($code),+
        }

        impl Code {
            /// Every code, in the order of their text.
            pub const ALL: &'static [Code] = &[$(Code::$code),+];

            /// The code as the catalogue writes it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code)),+
                }
            }

            /// The code written `text` (exactly, upper case), if it has a rule.
            pub fn parse(text: &str) -> Option<Code> {
                match text {
                    $(stringify!($code) => Some(Code::$code),)+
                    _ => None,
                }
            }
        }
    };
}

codes!(
    F001, F002, F003, F004, F005, F006, F007, //
    R201, R202, R203, R204, R205, R206, R207, R208, R209, R210, R211, R212, R213, R214, R215, R216, R217, R218, R219,
    R220, R221, R222, R223, //
    V101, V102, V103, V104, V105, V106, V107, V108, V109, V110, V111, V112, //
    X301, X302, X303, X304, X305, X306, X307, X308,
);

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code {
    // By text, not by declaration: outputs list codes in that order.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn every_code_reads_back_and_all_is_in_text_order() {
        for code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(*code));
        }
        assert!(Code::ALL.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(Code::parse("r204"), None);
        assert_eq!(Code::parse("X309"), None);
    }
}
