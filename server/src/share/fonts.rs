//! The card's bundled fonts: the bytes resvg draws with, and widths measured from the same
//! files so the template can fit words into their boxes (a city name, a shop, a status chip).

pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");
/// Chinese, and the fallback for any character Noto Sans lacks.
pub const FALLBACK: &[u8] = include_bytes!("../../assets/fonts/DroidSansFallback.ttf");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// How wide `text` is drawn at `size` pixels: each character's advance in the first bundled
/// font that has it (as resvg falls back), an em for a character none has.
pub fn text_width(text: &str, size: f64, weight: Weight) -> f64 {
    let primary = match weight {
        Weight::Regular => REGULAR,
        Weight::Bold => BOLD,
    };
    let faces: Vec<ttf_parser::Face<'static>> =
        [primary, FALLBACK].into_iter().filter_map(|data| ttf_parser::Face::parse(data, 0).ok()).collect();
    text.chars()
        .map(|c| {
            faces
                .iter()
                .find_map(|face| {
                    let glyph = face.glyph_index(c)?;
                    let advance = face.glyph_hor_advance(glyph)?;
                    Some(f64::from(advance) / f64::from(face.units_per_em()))
                })
                .unwrap_or(1.0)
                * size
        })
        .sum()
}

/// The longest start of `text` (with "…" when cut) no wider than `max` pixels.
pub fn fit(text: &str, size: f64, weight: Weight, max: f64) -> String {
    if text_width(text, size, weight) <= max {
        return text.to_owned();
    }
    let mut kept: Vec<char> = text.chars().collect();
    while !kept.is_empty() {
        kept.pop();
        let candidate = format!("{}…", kept.iter().collect::<String>().trim_end());
        if text_width(&candidate, size, weight) <= max {
            return candidate;
        }
    }
    "…".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_fonts_and_long_words_are_cut_to_fit() {
        let narrow = text_width("iiii", 40.0, Weight::Regular);
        let wide = text_width("WWWW", 40.0, Weight::Regular);
        assert!(narrow > 0.0 && wide > 2.0 * narrow, "{narrow} {wide}");
        assert!(text_width("Berlin", 40.0, Weight::Bold) > text_width("Berlin", 40.0, Weight::Regular));
        // Chinese from the fallback font: about an em each.
        let chinese = text_width("已送达", 30.0, Weight::Regular);
        assert!((80.0..=100.0).contains(&chinese), "{chinese}");
        let cut = fit("Llanfairpwllgwyngyllgogerychwyrndrobwll", 40.0, Weight::Bold, 300.0);
        assert!(cut.ends_with('…') && text_width(&cut, 40.0, Weight::Bold) <= 300.0, "{cut}");
        assert_eq!(fit("Berlin", 40.0, Weight::Bold, 300.0), "Berlin");
    }
}
