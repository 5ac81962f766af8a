//! Why an appeal form post was refused, carried from the upload route to the
//! form page in the redirect's query string, and said in the customer's language.

use chrono::NaiveDate;
use domain::appeal::{AppealRefusal, EvidenceError, StatementError};
use serde::{Deserialize, Serialize};

use crate::i18n::{t, Lang};
use crate::labels::Message;

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
    /// Another upload from the same account is still being processed.
    Busy,
}

/// The `error=` code of each `FormError`: the variant's serde name, written once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Code {
    NotAdverse,
    Replaced,
    WindowClosed,
    AlreadyOpen,
    ReappealUsed,
    NeedsNewEvidence,
    StatementEmpty,
    StatementShort,
    StatementLong,
    TooManyFiles,
    FileTooLarge,
    FileWrongType,
    FileEmpty,
    FileTooManyPixels,
    /// Another upload from the same account is still being processed.
    UploadBusy,
    Ground,
    Stale,
    RequestTooLarge,
}

impl FormError {
    fn code(&self) -> Code {
        match self {
            FormError::Refused(r) => match r {
                AppealRefusal::NotAdverse => Code::NotAdverse,
                AppealRefusal::Replaced => Code::Replaced,
                AppealRefusal::WindowClosed { .. } => Code::WindowClosed,
                AppealRefusal::AlreadyOpen => Code::AlreadyOpen,
                AppealRefusal::ReappealUsed => Code::ReappealUsed,
                AppealRefusal::NeedsNewEvidence => Code::NeedsNewEvidence,
            },
            FormError::Statement(StatementError::Empty) => Code::StatementEmpty,
            FormError::Statement(StatementError::TooShort) => Code::StatementShort,
            FormError::Statement(StatementError::TooLong) => Code::StatementLong,
            FormError::Evidence(EvidenceError::TooMany) => Code::TooManyFiles,
            FormError::Evidence(EvidenceError::TooLarge { .. }) => Code::FileTooLarge,
            FormError::Evidence(EvidenceError::WrongType { .. }) => Code::FileWrongType,
            FormError::Evidence(EvidenceError::Empty { .. }) => Code::FileEmpty,
            FormError::Evidence(EvidenceError::TooManyPixels { .. }) => Code::FileTooManyPixels,
            FormError::Busy => Code::UploadBusy,
            FormError::Ground => Code::Ground,
            FormError::Stale => Code::Stale,
            FormError::TooLarge => Code::RequestTooLarge,
        }
    }

    /// `error=…` plus `file=…`/`date=…` where the message needs them.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut q = vec![(
            "error",
            serde_plain::to_string(&self.code()).unwrap_or_default(),
        )];
        match self {
            FormError::Refused(AppealRefusal::WindowClosed { closed_on }) => {
                q.push(("date", closed_on.to_string()))
            }
            FormError::Evidence(
                EvidenceError::TooLarge { name }
                | EvidenceError::WrongType { name }
                | EvidenceError::Empty { name }
                | EvidenceError::TooManyPixels { name },
            ) => q.push(("file", name.clone())),
            _ => {}
        }
        q
    }

    pub fn from_query(
        code: &str,
        file: Option<String>,
        date: Option<NaiveDate>,
    ) -> Option<FormError> {
        let name = || file.clone().unwrap_or_default();
        Some(match serde_plain::from_str::<Code>(code).ok()? {
            Code::NotAdverse => FormError::Refused(AppealRefusal::NotAdverse),
            Code::Replaced => FormError::Refused(AppealRefusal::Replaced),
            Code::WindowClosed => {
                FormError::Refused(AppealRefusal::WindowClosed { closed_on: date? })
            }
            Code::AlreadyOpen => FormError::Refused(AppealRefusal::AlreadyOpen),
            Code::ReappealUsed => FormError::Refused(AppealRefusal::ReappealUsed),
            Code::NeedsNewEvidence => FormError::Refused(AppealRefusal::NeedsNewEvidence),
            Code::StatementEmpty => FormError::Statement(StatementError::Empty),
            Code::StatementShort => FormError::Statement(StatementError::TooShort),
            Code::StatementLong => FormError::Statement(StatementError::TooLong),
            Code::TooManyFiles => FormError::Evidence(EvidenceError::TooMany),
            Code::FileTooLarge => FormError::Evidence(EvidenceError::TooLarge { name: name() }),
            Code::FileWrongType => FormError::Evidence(EvidenceError::WrongType { name: name() }),
            Code::FileEmpty => FormError::Evidence(EvidenceError::Empty { name: name() }),
            Code::FileTooManyPixels => {
                FormError::Evidence(EvidenceError::TooManyPixels { name: name() })
            }
            Code::UploadBusy => FormError::Busy,
            Code::Ground => FormError::Ground,
            Code::Stale => FormError::Stale,
            Code::RequestTooLarge => FormError::TooLarge,
        })
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            FormError::Refused(r) => r.message(lang),
            FormError::Statement(s) => s.message(lang),
            FormError::Evidence(e) => e.message(lang),
            FormError::Ground => t::please_choose_what_happened(lang).to_owned(),
            FormError::Stale => t::the_appeal_changed_a_moment(lang).to_owned(),
            FormError::Busy => t::another_upload_of_yours_is(lang).to_owned(),
            FormError::TooLarge => t::that_was_too_much_at(lang).to_owned(),
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
