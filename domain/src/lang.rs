use serde::{Deserialize, Serialize};

/// The languages every customer-facing text exists in. zh-CN is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
    /// Test builds only: the interface catalogue's English between ⟦ and ⟧, so
    /// the pseudo-locale test can find text that bypassed the catalogue. The
    /// domain's own texts (the reason catalogue) read as English.
    #[cfg(feature = "pseudo-locale")]
    #[serde(rename = "en-XA")]
    Pseudo,
}

impl Lang {
    /// The languages offered to people (the pseudo-locale is not one).
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The BCP 47 tag, as used in `<html lang>` and the language cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
            #[cfg(feature = "pseudo-locale")]
            Lang::Pseudo => "en-XA",
        }
    }

    /// Parses a tag leniently (`zh`, `zh-CN`, `en-US` …); unknown tags give `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        #[cfg(feature = "pseudo-locale")]
        if tag.trim().eq_ignore_ascii_case("en-XA") {
            return Some(Lang::Pseudo);
        }
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the text for this language from a (zh, en) pair.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            _ => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_accept_regional_variants() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_tag("en-US"), Some(Lang::En));
        assert_eq!(Lang::from_tag("zh_TW"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::from_tag(""), None);
    }
}
