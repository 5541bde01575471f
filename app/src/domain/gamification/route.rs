//! What the route itself counts for: the borders it crosses (the long-haul badge's distance
//! comes from the same legs as the carbon estimate, in [`super::eco`]).

/// Country changes along the route: the origin's country, each carrier's handoff country in
/// order, the destination's. Hong Kong → Doha → Germany crosses two borders.
pub fn borders_crossed<'a>(countries: impl IntoIterator<Item = &'a str>) -> u32 {
    let mut crossed = 0;
    let mut previous: Option<&str> = None;
    for country in countries {
        if previous.is_some_and(|p| !p.eq_ignore_ascii_case(country)) {
            crossed += 1;
        }
        previous = Some(country);
    }
    crossed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_changes_of_country_not_legs() {
        assert_eq!(borders_crossed(["CN", "CN", "DE"]), 1, "a domestic handoff crosses nothing");
        assert_eq!(borders_crossed(["HK", "QA", "DE"]), 2);
        assert_eq!(borders_crossed(["US", "us"]), 0);
        assert_eq!(borders_crossed([]), 0);
    }
}
