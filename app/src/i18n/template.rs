//! Templates: a translation names its `{placeholders}`, and [`fill`] puts the values in.

/// Replaces each `{key}` in `template` with its value, in one pass (a value that itself
/// contains braces is not expanded again). Unknown placeholders are left as they are.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((key, close)) if !key.contains('{') => {
                match values.iter().find(|(k, _)| *k == key) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{placeholder}` names of a template: every language must use the same ones.
#[cfg(test)]
pub(crate) fn placeholders(text: &str) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').expect("an unclosed brace") + open;
        names.insert(rest[open + 1..close].to_owned());
        rest = &rest[close + 1..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::journey::{journey_text, JourneyText};
    use crate::i18n::Locale;

    #[test]
    fn fill_replaces_each_placeholder_once() {
        assert_eq!(fill("{mode} with {carrier}", &[("mode", "By air"), ("carrier", "Cathay")]), "By air with Cathay");
        assert_eq!(fill("{a}{a} {b}", &[("a", "x"), ("b", "{a}")]), "xx {a}", "values are not expanded again");
        assert_eq!(fill("{unknown} {x", &[("x", "1")]), "{unknown} {x");
        assert_eq!(fill("no placeholders", &[]), "no placeholders");
        assert_eq!(fill("{ {x}", &[("x", "1")]), "{ 1");
        let why = fill(
            journey_text(Locale::En, JourneyText::EtaWhyCountries),
            &[
                ("journeys", "120"),
                ("origin", "China"),
                ("destination", "Germany"),
                ("min", "6"),
                ("max", "9"),
                ("milestone", "Left the origin"),
            ],
        );
        assert_eq!(
            why,
            "Based on 120 parcels on the China – Germany route: 8 in 10 arrived 6–9 days after “Left the origin”, weekends and public holidays not counted."
        );
    }
}
