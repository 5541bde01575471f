//! The card's SVG to PNG: resvg with the bundled fonts only (Noto Sans for Latin, Greek and
//! Cyrillic; Droid Sans Fallback for Chinese), never the machine's, so every server draws the
//! same pixels. Cards are cached by their SVG's hash: a journey that has not changed is never
//! drawn twice, one that has is drawn again on the next request.

use resvg::{tiny_skia, usvg};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The fonts the card's `font-family` names, loaded once per process.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            for data in [super::fonts::REGULAR, super::fonts::BOLD, super::fonts::FALLBACK] {
                db.load_font_data(data.to_vec());
            }
            Arc::new(db)
        })
        .clone()
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the card's SVG does not parse")]
    Svg(#[from] usvg::Error),
    #[error("the card's PNG cannot be encoded: {0}")]
    Png(String),
    #[error("the card's size is not drawable")]
    Size,
}

/// Draws the SVG at its own size into a PNG.
pub fn render_png(svg: &str) -> Result<Vec<u8>, RenderError> {
    let options = usvg::Options { fontdb: fonts(), font_family: "Noto Sans".to_owned(), ..Default::default() };
    let tree = usvg::Tree::from_str(svg, &options)?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or(RenderError::Size)?;
    resvg::render(&tree, tiny_skia::Transform::identity(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| RenderError::Png(e.to_string()))
}

/// A drawn card and the hash of the SVG it was drawn from (also its HTTP ETag).
#[derive(Debug, Clone)]
pub struct Card {
    pub etag: String,
    pub png: Arc<Vec<u8>>,
}

/// The latest card of each link, by slug; a bounded number of links.
pub struct CardCache {
    capacity: usize,
    cards: Mutex<HashMap<String, Card>>,
}

impl CardCache {
    pub fn new(capacity: usize) -> Self {
        Self { capacity: capacity.max(1), cards: Mutex::new(HashMap::new()) }
    }

    pub fn etag_of(svg: &str) -> String {
        let digest = Sha256::digest(svg.as_bytes());
        format!("\"{}\"", hex::encode(&digest[..12]))
    }

    /// The cached card if this link's SVG is unchanged, else draws it (off the async workers)
    /// and keeps it.
    pub async fn card(&self, slug: &str, svg: String) -> Result<Card, RenderError> {
        let etag = Self::etag_of(&svg);
        if let Some(card) = self.cards.lock().expect("card cache lock").get(slug).filter(|c| c.etag == etag) {
            return Ok(card.clone());
        }
        let png = tokio::task::spawn_blocking(move || render_png(&svg))
            .await
            .map_err(|e| RenderError::Png(format!("the drawing task failed: {e}")))??;
        let card = Card { etag, png: Arc::new(png) };
        let mut cards = self.cards.lock().expect("card cache lock");
        if cards.len() >= self.capacity && !cards.contains_key(slug) {
            // Any one goes: a card dropped is only drawn again when asked for.
            if let Some(evicted) = cards.keys().next().cloned() {
                cards.remove(&evicted);
            }
        }
        cards.insert(slug.to_owned(), card.clone());
        Ok(card)
    }

    /// Forgets a link's card (when it is revoked).
    pub fn forget(&self, slug: &str) {
        self.cards.lock().expect("card cache lock").remove(slug);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_latin_text_both_draw_ink() {
        // The same box with and without text: the bundled fonts must put pixels down for both
        // scripts (a missing glyph draws nothing).
        let ink = |text: &str| {
            let svg = format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="10" y="40" font-family="Noto Sans, Droid Sans Fallback" font-size="30" fill="#000">{text}</text></svg>"##
            );
            let png = render_png(&svg).unwrap();
            let pixmap = tiny_skia::Pixmap::decode_png(&png).unwrap();
            pixmap.pixels().iter().filter(|p| p.alpha() > 0).count()
        };
        assert_eq!(ink(""), 0);
        assert!(ink("Berlin") > 100, "Latin");
        assert!(ink("已送达") > 100, "Chinese");
    }

    #[tokio::test]
    async fn a_card_is_drawn_once_until_its_svg_changes_and_the_cache_stays_bounded() {
        let svg = |fill: &str| {
            format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="{fill}"/></svg>"##
            )
        };
        let cache = CardCache::new(2);
        let first = cache.card("a", svg("#000000")).await.unwrap();
        let again = cache.card("a", svg("#000000")).await.unwrap();
        assert!(Arc::ptr_eq(&first.png, &again.png), "served from the cache, not drawn again");
        let changed = cache.card("a", svg("#ffffff")).await.unwrap();
        assert_ne!(changed.etag, first.etag);
        assert!(!Arc::ptr_eq(&changed.png, &first.png), "a changed journey is drawn again");
        for slug in ["b", "c", "d"] {
            cache.card(slug, svg("#123456")).await.unwrap();
        }
        assert!(cache.cards.lock().unwrap().len() <= 2);
        cache.forget("d");
        assert!(!cache.cards.lock().unwrap().contains_key("d"));
    }
}
