//! How a shop shapes its shoppers' pages: its name, colour and logo, its own words for the
//! progress tiers and the parcel's story in each language, and its reward rules. The console
//! edits a [`DesignDraft`] (plain values, as a form holds them); [`PageDesign::parse`] turns
//! it into a design or into every field that is wrong and why, so a saved design is always
//! one the pages can show.

use super::gamification::{Rule, RuleSet, Tier};
use super::{FieldError, Milestone};
use crate::i18n::Locale;
use crate::model::share::BrandColour;
use serde::{Deserialize, Serialize};

/// The most characters of a shop's name.
pub const MAX_SHOP_NAME: usize = 60;
/// The most characters of a tier's name.
pub const MAX_TIER_NAME: usize = 30;
/// The most characters of one story line.
pub const MAX_STORY_LINE: usize = 160;
/// White text on the brand colour (the page's header and buttons) must reach this contrast:
/// WCAG 2 AA for normal text.
pub const MIN_CONTRAST: f64 = 4.5;

/// A shop's own words for one language; an empty or absent entry keeps Trekpost's words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocaleWords {
    /// A BCP 47 tag of one of the page's languages (`en`, `zh-Hans`, `es`, `de`).
    pub locale: String,
    #[serde(default)]
    pub tiers: Vec<TierName>,
    #[serde(default)]
    pub story: Vec<StoryLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierName {
    pub tier: Tier,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryLine {
    pub milestone: Milestone,
    pub line: String,
}

/// A design as the console's form holds it: anything may be wrong until parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DesignDraft {
    pub shop_name: String,
    /// `#rrggbb`.
    pub colour: String,
    /// The digest of an uploaded logo; `None`: no logo.
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub words: Vec<LocaleWords>,
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// The shop's words in every language it set some, checked: the pages read them through
/// [`ShopWords::tier`] and [`ShopWords::story`], falling back to Trekpost's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopWords(Vec<LocaleWords>);

impl ShopWords {
    fn words(&self, locale: Locale) -> Option<&LocaleWords> {
        self.0.iter().find(|w| w.locale == locale.tag())
    }

    pub fn tier(&self, locale: Locale, tier: Tier) -> Option<&str> {
        self.words(locale)?.tiers.iter().find(|t| t.tier == tier).map(|t| t.name.as_str())
    }

    pub fn story(&self, locale: Locale, milestone: Milestone) -> Option<&str> {
        self.words(locale)?.story.iter().find(|s| s.milestone == milestone).map(|s| s.line.as_str())
    }

    pub fn as_drafts(&self) -> &[LocaleWords] {
        &self.0
    }
}

/// A design that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct PageDesign {
    pub shop_name: String,
    pub colour: BrandColour,
    pub logo: Option<LogoDigest>,
    pub words: ShopWords,
    pub rules: RuleSet,
}

/// The SHA-256 of a logo's bytes, in hex: the logo's name, so a new upload is a new address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LogoDigest(String);

impl LogoDigest {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        if raw.len() == 64 && raw.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            Ok(Self(raw.to_owned()))
        } else {
            Err(FieldError::new("logo", "not a logo uploaded to this shop"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LogoDigest {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<LogoDigest> for String {
    fn from(value: LogoDigest) -> Self {
        value.0
    }
}

/// The kinds of image a logo may be, told by their first bytes (never by the name or the
/// type the browser claims). SVG is refused: it can carry scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoType {
    Png,
    Jpeg,
    Webp,
}

/// The largest logo accepted.
pub const MAX_LOGO_BYTES: usize = 200 * 1024;

impl LogoType {
    pub fn sniff(bytes: &[u8]) -> Result<Self, FieldError> {
        if bytes.is_empty() {
            return Err(FieldError::new("logo", "the file is empty"));
        }
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(FieldError::new("logo", format!("at most {} KB", MAX_LOGO_BYTES / 1024)));
        }
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Ok(Self::Png)
        } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
            Ok(Self::Jpeg)
        } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Ok(Self::Webp)
        } else {
            Err(FieldError::new("logo", "a logo is a PNG, JPEG or WebP image"))
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
        }
    }

    pub fn from_content_type(content_type: &str) -> Option<Self> {
        [Self::Png, Self::Jpeg, Self::Webp].into_iter().find(|t| t.content_type() == content_type)
    }
}

/// The contrast ratio of two sRGB colours (WCAG 2: 1 to 21).
pub fn contrast_ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }
    let (la, lb) = (luminance(a), luminance(b));
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// How white text reads on the colour.
pub fn contrast_on_white(colour: &BrandColour) -> f64 {
    contrast_ratio(colour.rgb(), (255, 255, 255))
}

fn text_ok(text: &str, max: usize) -> Result<String, String> {
    let text = text.trim();
    if text.chars().any(char::is_control) {
        return Err("no line breaks or control characters".into());
    }
    if text.chars().count() > max {
        return Err(format!("at most {max} characters"));
    }
    Ok(text.to_owned())
}

impl PageDesign {
    /// Every field that is wrong, each named as a path into the draft (`words[1].tiers[0].name`,
    /// `rules[2].grant.percent_off`) with the reason; or the design.
    pub fn parse(draft: DesignDraft) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let shop_name = match text_ok(&draft.shop_name, MAX_SHOP_NAME) {
            Ok(name) if name.is_empty() => {
                errors.push(FieldError::new("shop_name", "your shoppers read it on every page: give one"));
                String::new()
            }
            Ok(name) => name,
            Err(reason) => {
                errors.push(FieldError::new("shop_name", reason));
                String::new()
            }
        };
        let colour = match BrandColour::parse(draft.colour.trim()) {
            Ok(colour) => {
                let ratio = contrast_on_white(&colour);
                if ratio < MIN_CONTRAST {
                    errors.push(FieldError::new(
                        "colour",
                        format!(
                            "white text on {} has a contrast of {ratio:.1}:1; it needs {MIN_CONTRAST}:1 to be readable: choose a darker colour",
                            colour.as_str()
                        ),
                    ));
                }
                colour
            }
            Err(error) => {
                errors.push(FieldError::new("colour", error.to_string()));
                BrandColour::default()
            }
        };
        let logo = match draft.logo.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            None => None,
            Some(raw) => LogoDigest::parse(raw).map_err(|e| errors.push(e)).ok(),
        };
        let mut words = Vec::new();
        for (i, set) in draft.words.into_iter().enumerate() {
            let Some(locale) = Locale::from_tag(&set.locale).filter(|l| l.tag() == set.locale) else {
                errors.push(FieldError::new(format!("words[{i}].locale"), "one of en, zh-Hans, es, de"));
                continue;
            };
            if words.iter().any(|w: &LocaleWords| w.locale == locale.tag()) {
                errors.push(FieldError::new(format!("words[{i}].locale"), "this language is already listed"));
                continue;
            }
            let mut checked = LocaleWords { locale: locale.tag().to_owned(), ..Default::default() };
            for (j, tier) in set.tiers.into_iter().enumerate() {
                match text_ok(&tier.name, MAX_TIER_NAME) {
                    Ok(name) if name.is_empty() => {}
                    Ok(_) if checked.tiers.iter().any(|t| t.tier == tier.tier) => {
                        errors.push(FieldError::new(format!("words[{i}].tiers[{j}].tier"), "named twice"))
                    }
                    Ok(name) => checked.tiers.push(TierName { tier: tier.tier, name }),
                    Err(reason) => errors.push(FieldError::new(format!("words[{i}].tiers[{j}].name"), reason)),
                }
            }
            for (j, story) in set.story.into_iter().enumerate() {
                match text_ok(&story.line, MAX_STORY_LINE) {
                    Ok(line) if line.is_empty() => {}
                    Ok(_) if checked.story.iter().any(|s| s.milestone == story.milestone) => {
                        errors.push(FieldError::new(format!("words[{i}].story[{j}].milestone"), "told twice"))
                    }
                    Ok(line) => checked.story.push(StoryLine { milestone: story.milestone, line }),
                    Err(reason) => errors.push(FieldError::new(format!("words[{i}].story[{j}].line"), reason)),
                }
            }
            if !checked.tiers.is_empty() || !checked.story.is_empty() {
                words.push(checked);
            }
        }
        let rules = RuleSet::parse(draft.rules).map_err(|e| errors.push(e)).ok();
        match rules {
            Some(rules) if errors.is_empty() => Ok(Self { shop_name, colour, logo, words: ShopWords(words), rules }),
            _ => Err(errors),
        }
    }

    /// Back to the form's values (a saved version, or the editor's starting point).
    pub fn to_draft(&self) -> DesignDraft {
        DesignDraft {
            shop_name: self.shop_name.clone(),
            colour: self.colour.as_str().to_owned(),
            logo: self.logo.as_ref().map(|l| l.as_str().to_owned()),
            words: self.words.0.clone(),
            rules: self.rules.rules().to_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> DesignDraft {
        DesignDraft {
            shop_name: "  Lumen Lamps ".into(),
            colour: "#0F766E".into(),
            logo: None,
            words: vec![LocaleWords {
                locale: "de".into(),
                tiers: vec![TierName { tier: Tier::Border, name: "Am Zoll".into() }],
                story: vec![
                    StoryLine { milestone: Milestone::Packed, line: "Sorgfältig verpackt in Hamburg.".into() },
                    StoryLine { milestone: Milestone::Delivered, line: "   ".into() },
                ],
            }],
            rules: RuleSet::default_set().rules().to_vec(),
        }
    }

    #[test]
    fn a_good_draft_becomes_a_design_with_its_words_trimmed() {
        let design = PageDesign::parse(draft()).unwrap();
        assert_eq!(design.shop_name, "Lumen Lamps");
        assert_eq!(design.colour.as_str(), "#0f766e");
        assert_eq!(design.words.tier(Locale::De, Tier::Border), Some("Am Zoll"));
        assert_eq!(design.words.tier(Locale::En, Tier::Border), None, "other languages keep Trekpost's words");
        assert_eq!(design.words.story(Locale::De, Milestone::Delivered), None, "a blank line is no line");
        assert_eq!(PageDesign::parse(design.to_draft()).unwrap(), design, "a saved design reads back the same");
    }

    #[test]
    fn every_wrong_field_is_named_with_its_reason() {
        let mut bad = draft();
        bad.shop_name = " ".into();
        bad.colour = "#ffd700".into();
        bad.words[0].tiers[0].name = "x".repeat(31);
        bad.words.push(LocaleWords { locale: "fr".into(), ..Default::default() });
        bad.rules[1].id = "Bad Id".into();
        let errors = PageDesign::parse(bad).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["shop_name", "colour", "words[0].tiers[0].name", "words[1].locale", "rules[1].id"]);
        assert!(errors[1].reason.contains("1.4:1"), "{}", errors[1].reason);
    }

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast_ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 0.01);
        assert!((contrast_on_white(&BrandColour::default()) - 10.4).abs() < 0.1);
        assert!(contrast_on_white(&BrandColour::parse("#0f766e").unwrap()) >= MIN_CONTRAST);
        assert!(contrast_on_white(&BrandColour::parse("#38bdf8").unwrap()) < MIN_CONTRAST);
    }

    #[test]
    fn logos_are_told_by_their_bytes() {
        assert_eq!(LogoType::sniff(b"\x89PNG\r\n\x1a\n....").unwrap(), LogoType::Png);
        assert_eq!(LogoType::sniff(&[0xff, 0xd8, 0xff, 0xe0]).unwrap(), LogoType::Jpeg);
        assert_eq!(LogoType::sniff(b"RIFF\0\0\0\0WEBPVP8 ").unwrap(), LogoType::Webp);
        assert!(LogoType::sniff(b"<svg onload=alert(1)>").unwrap_err().reason.contains("PNG"));
        assert!(LogoType::sniff(&vec![0x89; MAX_LOGO_BYTES + 1]).unwrap_err().reason.contains("200 KB"));
    }
}
