//! Interface text: every string a person reads comes from the catalogue in
//! `app/locales/<language>/*.ftl` (Fluent syntax), compiled by `app/build.rs`
//! into one function per message in [`t`]: `t::sign_out(lang)`, or with its
//! variables, `t::paid_late(lang, days)`. A key or variable that does not exist
//! does not compile, and a message missing from a language fails the build.
//!
//! The reason catalogue and the notices stored exactly as customers saw them
//! stay `domain`'s and the store's data.

pub use domain::Lang;
pub use intl_pluralrules::PluralCategory;
use leptos::prelude::*;

/// The catalogue, one function per message (generated).
pub mod t {
    use super::{plural, Count, Lang, PluralCategory};
    include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
}

/// The language of this page view: from the `ld_lang` cookie on the server, from
/// `<html lang>` in the browser (which the server wrote), so both render alike.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// A number a message chooses its plural form by (`{ $count -> [one] … *[other] … }`).
pub trait Count: Copy + std::fmt::Display {
    fn count(self) -> u64;
}

macro_rules! count_for {
    ($($t:ty),*) => {$(
        impl Count for $t {
            fn count(self) -> u64 {
                // Counts are never negative; a negative one reads as its size.
                #[allow(clippy::cast_sign_loss, clippy::unnecessary_cast)]
                { (self as i128).unsigned_abs() as u64 }
            }
        }
    )*};
}
count_for!(u8, u16, u32, u64, usize, i32, i64);

/// The CLDR plural category of `n` in `lang` (English: one, other; Chinese: other).
pub fn plural(lang: Lang, n: u64) -> PluralCategory {
    use intl_pluralrules::{PluralRuleType, PluralRules};
    let tag = match lang {
        #[cfg(feature = "pseudo-locale")]
        Lang::Pseudo => "en",
        other => other.tag(),
    };
    tag.parse::<unic_langid::LanguageIdentifier>()
        .ok()
        .and_then(|id| PluralRules::create(id, PluralRuleType::CARDINAL).ok())
        .and_then(|rules| rules.select(n).ok())
        .unwrap_or(PluralCategory::OTHER)
}

/// "1.2 MB" / "830 KB".
pub fn file_size(bytes: u64, lang: Lang) -> String {
    if bytes >= 1024 * 1024 {
        t::size_mb(lang, format!("{:.1}", bytes as f64 / (1024.0 * 1024.0)))
    } else {
        t::size_kb(lang, bytes.div_ceil(1024))
    }
}
