//! Why an appeal form post was refused, carried from the upload route to the
//! form page in the redirect's query string, and said in the customer's language.

use chrono::NaiveDate;
use domain::appeal::{AppealRefusal, EvidenceError, StatementError};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormError {
    Refused(AppealRefusal),
    Statement(StatementError),
    Evidence(EvidenceError),
    /// No reason chosen from the list.
    Ground,
    /// Someone (another tab) changed the appeal first.
    Stale,
    /// The request as a whole was larger than any valid form.
    TooLarge,
}

impl FormError {
    /// `error=…` plus `file=…`/`date=…` where the message needs them.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let (code, extra): (&str, Option<(&'static str, String)>) = match self {
            FormError::Refused(r) => match r {
                AppealRefusal::NotAdverse => ("not_adverse", None),
                AppealRefusal::Replaced => ("replaced", None),
                AppealRefusal::WindowClosed { closed_on } => {
                    ("window_closed", Some(("date", closed_on.to_string())))
                }
                AppealRefusal::AlreadyOpen => ("already_open", None),
                AppealRefusal::ReappealUsed => ("reappeal_used", None),
                AppealRefusal::NeedsNewEvidence => ("needs_new_evidence", None),
            },
            FormError::Statement(StatementError::Empty) => ("statement_empty", None),
            FormError::Statement(StatementError::TooShort) => ("statement_short", None),
            FormError::Statement(StatementError::TooLong) => ("statement_long", None),
            FormError::Evidence(EvidenceError::TooMany) => ("too_many_files", None),
            FormError::Evidence(EvidenceError::TooLarge { name }) => {
                ("file_too_large", Some(("file", name.clone())))
            }
            FormError::Evidence(EvidenceError::WrongType { name }) => {
                ("file_wrong_type", Some(("file", name.clone())))
            }
            FormError::Evidence(EvidenceError::Empty { name }) => {
                ("file_empty", Some(("file", name.clone())))
            }
            FormError::Ground => ("ground", None),
            FormError::Stale => ("stale", None),
            FormError::TooLarge => ("request_too_large", None),
        };
        let mut q = vec![("error", code.to_owned())];
        q.extend(extra);
        q
    }

    pub fn from_query(
        code: &str,
        file: Option<String>,
        date: Option<NaiveDate>,
    ) -> Option<FormError> {
        let file = || file.clone().unwrap_or_default();
        Some(match code {
            "not_adverse" => FormError::Refused(AppealRefusal::NotAdverse),
            "replaced" => FormError::Refused(AppealRefusal::Replaced),
            "window_closed" => FormError::Refused(AppealRefusal::WindowClosed { closed_on: date? }),
            "already_open" => FormError::Refused(AppealRefusal::AlreadyOpen),
            "reappeal_used" => FormError::Refused(AppealRefusal::ReappealUsed),
            "needs_new_evidence" => FormError::Refused(AppealRefusal::NeedsNewEvidence),
            "statement_empty" => FormError::Statement(StatementError::Empty),
            "statement_short" => FormError::Statement(StatementError::TooShort),
            "statement_long" => FormError::Statement(StatementError::TooLong),
            "too_many_files" => FormError::Evidence(EvidenceError::TooMany),
            "file_too_large" => FormError::Evidence(EvidenceError::TooLarge { name: file() }),
            "file_wrong_type" => FormError::Evidence(EvidenceError::WrongType { name: file() }),
            "file_empty" => FormError::Evidence(EvidenceError::Empty { name: file() }),
            "ground" => FormError::Ground,
            "stale" => FormError::Stale,
            "request_too_large" => FormError::TooLarge,
            _ => return None,
        })
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            FormError::Refused(r) => r.message(lang),
            FormError::Statement(s) => s.message(lang),
            FormError::Evidence(e) => e.message(lang),
            FormError::Ground => lang
                .pick("请选择申诉原因。", "Please choose what happened.")
                .to_owned(),
            FormError::Stale => lang
                .pick(
                    "申诉状态刚刚有了变化，请查看最新状态后再操作。",
                    "The appeal changed a moment ago; please check its new state and try again.",
                )
                .to_owned(),
            FormError::TooLarge => lang
                .pick(
                    "提交的内容过大：最多 5 个文件，每个不超过 5 MB。",
                    "That was too much at once: at most 5 files of 5 MB each.",
                )
                .to_owned(),
        }
    }

    /// Whether the message concerns the statement field (for aria-describedby).
    pub fn is_about_statement(&self) -> bool {
        matches!(self, FormError::Statement(_))
    }

    pub fn is_about_files(&self) -> bool {
        matches!(
            self,
            FormError::Evidence(_)
                | FormError::Refused(AppealRefusal::NeedsNewEvidence)
                | FormError::TooLarge
        )
    }
}
