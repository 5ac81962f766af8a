use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Asia::Shanghai;

/// "Now" for the whole application. Production reads the system clock; tests and
/// demos pin it (`LIMITDESK_NOW`), so dates relative to seeding never drift.
#[derive(Debug, Clone, Copy, Default)]
pub struct Clock {
    fixed: Option<DateTime<Utc>>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock { fixed: None }
    }

    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock { fixed: Some(at) }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.fixed.unwrap_or_else(Utc::now)
    }

    /// Today's calendar date where our customers live.
    pub fn today(&self) -> NaiveDate {
        local_date(self.now())
    }
}

/// The calendar date in Asia/Shanghai of an instant.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Shanghai).date_naive()
}

/// "2026-10-20 10:00" in Asia/Shanghai.
pub fn local_minute(at: DateTime<Utc>) -> String {
    at.with_timezone(&Shanghai)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}
