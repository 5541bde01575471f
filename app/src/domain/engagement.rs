//! How shoppers use the journey page, over the orders placed in a scope: how many opened it and
//! how often, how many came back, how long it stayed in view, how many shared the journey and
//! how often the shared page was opened, how many of the rewards granted were redeemed, and how
//! many shoppers chose a leaderboard name or completed a mission. Pure: storage counts.

use super::wismo::quantile;
use serde::{Deserialize, Serialize};

/// The counts behind the engagement page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Engagement {
    pub orders: i64,
    /// `(views of one order, orders with that many)`, orders never viewed included as 0.
    pub views_per_order: Vec<(i64, i64)>,
    /// `(seconds in view, views)` in 5-second buckets, of the views still kept one by one.
    pub seconds_in_view: Vec<(i64, i64)>,
    /// Orders whose journey was shared, and how often the shared pages were opened.
    pub shared: i64,
    pub share_views: i64,
    pub rated: i64,
    /// Coupons and invites granted on these orders, and redeemed.
    pub codes_granted: i64,
    pub codes_redeemed: i64,
    /// The shoppers of these orders; those with a leaderboard name; those who completed a
    /// mission in any season.
    pub shoppers: i64,
    pub opted_in: i64,
    pub on_mission: i64,
}

/// The bucket width of [`Engagement::seconds_in_view`].
pub const SECONDS_BUCKET: i64 = 5;

impl Engagement {
    /// Orders whose page was opened at least once.
    pub fn viewed(&self) -> i64 {
        self.views_per_order.iter().filter(|(views, _)| *views > 0).map(|(_, n)| n).sum()
    }

    /// Orders whose page was opened more than once: the shopper came back.
    pub fn returned(&self) -> i64 {
        self.views_per_order.iter().filter(|(views, _)| *views > 1).map(|(_, n)| n).sum()
    }

    pub fn views(&self) -> i64 {
        self.views_per_order.iter().map(|(views, n)| views * n).sum()
    }

    /// Views per order among the orders viewed.
    pub fn views_per_viewed_order(&self) -> Option<f64> {
        let viewed = self.viewed();
        (viewed > 0).then(|| self.views() as f64 / viewed as f64)
    }

    /// The median view's time in view, in seconds (the bucket's start).
    pub fn median_seconds(&self) -> Option<i64> {
        quantile(&self.seconds_in_view, 0.5).map(|bucket| bucket * SECONDS_BUCKET)
    }

    /// Orders by how often their page was opened: never, once, twice, 3–5, 6–10, more.
    pub fn views_histogram(&self) -> [(ViewBand, i64); 6] {
        let mut bands = ViewBand::ALL.map(|band| (band, 0));
        for (views, orders) in &self.views_per_order {
            let band = ViewBand::of(*views);
            bands[band as usize].1 += orders;
        }
        bands
    }
}

/// How often an order's page was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ViewBand {
    Never,
    Once,
    Twice,
    ThreeToFive,
    SixToTen,
    MoreThanTen,
}

impl ViewBand {
    pub const ALL: [ViewBand; 6] = [
        ViewBand::Never,
        ViewBand::Once,
        ViewBand::Twice,
        ViewBand::ThreeToFive,
        ViewBand::SixToTen,
        ViewBand::MoreThanTen,
    ];

    pub fn of(views: i64) -> Self {
        match views {
            i64::MIN..=0 => ViewBand::Never,
            1 => ViewBand::Once,
            2 => ViewBand::Twice,
            3..=5 => ViewBand::ThreeToFive,
            6..=10 => ViewBand::SixToTen,
            _ => ViewBand::MoreThanTen,
        }
    }

    /// How the chart labels it: the numbers are the same in every language.
    pub fn label(self) -> &'static str {
        match self {
            ViewBand::Never => "0",
            ViewBand::Once => "1",
            ViewBand::Twice => "2",
            ViewBand::ThreeToFive => "3–5",
            ViewBand::SixToTen => "6–10",
            ViewBand::MoreThanTen => "11+",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_returns_and_time_in_view_are_read_from_the_counts() {
        let e = Engagement {
            orders: 10,
            views_per_order: vec![(0, 4), (1, 3), (2, 2), (7, 1)],
            seconds_in_view: vec![(0, 1), (2, 3), (12, 1)],
            ..Default::default()
        };
        assert_eq!((e.viewed(), e.returned(), e.views()), (6, 3, 14));
        assert_eq!(e.views_per_viewed_order(), Some(14.0 / 6.0));
        assert_eq!(e.median_seconds(), Some(10), "the median view is in the 10–14 s bucket");
        let bands = e.views_histogram().map(|(_, n)| n);
        assert_eq!(bands, [4, 3, 2, 0, 1, 0]);
        assert_eq!(Engagement::default().median_seconds(), None);
        assert_eq!(Engagement::default().views_per_viewed_order(), None);
    }
}
