//! Alphabetical order in a language, for the A–Z lists. English keeps the order the site has
//! always had (lower-cased titles, byte by byte), so its pages do not change; any other language
//! is ordered by ICU4X's collator with CLDR's data for it, which for Traditional Chinese
//! (`zh-Hant`) is stroke order, as Hong Kong's indexes are, with Han titles before Latin ones.

use icu_collator::options::CollatorOptions;
use icu_collator::CollatorBorrowed;
use std::cmp::Ordering;

/// How a language's titles are ordered.
pub enum Order {
    /// The lower-cased titles' bytes (English).
    Bytes,
    /// CLDR's collation for the language.
    Collator(CollatorBorrowed<'static>),
}

impl Order {
    /// The order of `lang` (a BCP 47 tag); a tag ICU cannot read falls back to [`Order::Bytes`].
    pub fn of(lang: &str) -> Order {
        if lang.starts_with(super::REFERENCE) {
            return Order::Bytes;
        }
        let Ok(locale) = lang.parse::<icu_locale_core::Locale>() else {
            return Order::Bytes;
        };
        CollatorBorrowed::try_new((&locale).into(), CollatorOptions::default()).map_or(Order::Bytes, Order::Collator)
    }

    /// `a` against `b`: both already lower-cased for [`Order::Bytes`].
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        match self {
            Order::Bytes => a.cmp(b),
            Order::Collator(c) => c.compare(a, b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(lang: &str, words: &[&str]) -> Vec<String> {
        let order = Order::of(lang);
        let mut v: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        v.sort_by(|a, b| order.compare(a, b));
        v
    }

    /// Stroke counts (Unicode Unihan kTotalStrokes): 一 1, 人 2, 大 3, 中 4, 香 9, 港 12. In
    /// pinyin order they would come the other way round (dà, rén, yī; gǎng, xiāng, zhōng), so
    /// this fails if zh-Hant is ever ordered by pinyin.
    #[test]
    fn traditional_chinese_is_in_stroke_order() {
        assert_eq!(sorted("zh-Hant", &["大", "一", "人"]), ["一", "人", "大"]);
        assert_eq!(sorted("zh-Hant", &["港", "中", "香"]), ["中", "香", "港"]);
        // CLDR's Chinese collations put Han before Latin (`[reorder Hani Bopo]`): titles of
        // untranslated items follow the Chinese ones, case aside among themselves.
        assert_eq!(sorted("zh-Hant", &["innoHK", "香港", "AI"]), ["香港", "AI", "innoHK"]);
    }

    #[test]
    fn english_keeps_byte_order() {
        assert_eq!(sorted("en", &["b", "a", "é", "z"]), ["a", "b", "z", "é"]);
        assert!(matches!(Order::of("en-GB"), Order::Bytes));
        assert!(matches!(Order::of("not a tag"), Order::Bytes));
    }
}
