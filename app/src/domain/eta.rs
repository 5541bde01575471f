//! The delivery window: when parcels on the same lane arrived after reaching the milestone this
//! one has reached. Time is counted where the parcel is: working days (weekends and public
//! holidays off) while warehouses, customs and couriers handle it at either end, every day
//! while it flies or sails. Recomputed from scratch on every event; pure.

use super::calendar::is_public_holiday;
use super::milestone::Milestone;
use super::values::CountryCode;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// Fewer finished journeys than this and a window would be a guess: none is given.
pub const MIN_SAMPLES: usize = 20;

/// The longest stretch the calendar walks count (calendar days): no parcel's stage lasts a year,
/// and an event dated decades away then costs at most this many steps per walk.
pub const WALK_HORIZON_DAYS: u32 = 366;

/// One end of a lane: its country's holidays, its longitude for local dates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaneEnd {
    pub country: CountryCode,
    /// Local dates are read from solar time (longitude / 15 hours), within an hour of civil
    /// time nearly everywhere, so no time-zone table is needed for history rows.
    pub lon: f64,
}

impl LaneEnd {
    fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        let solar = Duration::minutes((self.lon * 4.0).round() as i64);
        at.checked_add_signed(solar).unwrap_or(at).date_naive()
    }

    fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_public_holiday(self.country.as_str(), date)
    }
}

/// Where the parcel spends the time after each milestone, and whose calendar counts it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lane {
    pub origin: LaneEnd,
    pub destination: LaneEnd,
}

impl Lane {
    /// The calendar of the stretch that starts at `milestone`; `None`: every day counts.
    fn counted_at(&self, milestone: Milestone) -> Option<&LaneEnd> {
        match milestone {
            Milestone::OrderConfirmed | Milestone::Packed | Milestone::CarrierReceived => Some(&self.origin),
            Milestone::DepartedOrigin => None,
            Milestone::ArrivedDestination
            | Milestone::CustomsCleared
            | Milestone::OutForDelivery
            | Milestone::Delivered => Some(&self.destination),
        }
    }

    /// Counted days after `from`'s local date up to and including `to`'s, at most
    /// [`WALK_HORIZON_DAYS`] calendar days of them.
    fn days_between(&self, stage: Milestone, from: DateTime<Utc>, to: DateTime<Utc>) -> u32 {
        let end = self.counted_at(stage).unwrap_or(&self.destination);
        let (mut date, last) = (end.local_date(from), end.local_date(to));
        let mut days = 0;
        for _ in 0..WALK_HORIZON_DAYS {
            match date.succ_opt() {
                Some(next) if date < last => date = next,
                _ => break,
            }
            if self.counts(stage, date) {
                days += 1;
            }
        }
        days
    }

    fn counts(&self, stage: Milestone, date: NaiveDate) -> bool {
        self.counted_at(stage).is_none_or(|end| end.is_working_day(date))
    }

    /// The moment `days` counted days after `from` (same time of day), in the stage's calendar;
    /// the walk stops after [`WALK_HORIZON_DAYS`] calendar days.
    fn advance(&self, stage: Milestone, from: DateTime<Utc>, days: u32) -> DateTime<Utc> {
        let end = self.counted_at(stage).unwrap_or(&self.destination);
        let start = end.local_date(from);
        let (mut date, mut left) = (start, days);
        for _ in 0..WALK_HORIZON_DAYS {
            if left == 0 {
                break;
            }
            let Some(next) = date.succ_opt() else { break };
            date = next;
            if self.counts(stage, date) {
                left -= 1;
            }
        }
        from.checked_add_signed(date - start).unwrap_or(from)
    }
}

/// A finished journey on the lane: its milestones with their times (any order, gaps allowed).
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryJourney {
    pub carrier: Option<String>,
    pub service: String,
    pub milestones: Vec<(Milestone, DateTime<Utc>)>,
}

impl HistoryJourney {
    fn at(&self, milestone: Milestone) -> Option<DateTime<Utc>> {
        self.milestones.iter().find(|(m, _)| *m == milestone).map(|(_, at)| *at)
    }

    /// The stretches from `from` to delivery: (the milestone that starts each, counted days).
    fn remaining(&self, lane: &Lane, from: Milestone) -> Option<Vec<(Milestone, u32)>> {
        let mut reached: Vec<(Milestone, DateTime<Utc>)> =
            self.milestones.iter().copied().filter(|(m, _)| *m >= from).collect();
        reached.sort();
        if reached.first()?.0 != from || reached.last()?.0 != Milestone::Delivered {
            return None;
        }
        Some(reached.windows(2).map(|pair| (pair[0].0, lane.days_between(pair[0].0, pair[0].1, pair[1].1))).collect())
    }
}

/// Which history the window rests on: the narrowest that has enough journeys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EtaBasis {
    /// Same countries, same first carrier, same service.
    CarrierAndService,
    /// Same countries and service, any carrier.
    Service,
    /// Same countries.
    Countries,
}

/// The expected delivery window, in the destination's local dates, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EtaWindow {
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
    /// The milestone the window counts from.
    pub from: Milestone,
    pub basis: EtaBasis,
    /// How many finished journeys it rests on.
    pub journeys: u32,
    /// Eight in ten of them took this many counted days from `from` to delivery.
    pub min_days: u32,
    pub max_days: u32,
    /// Public holidays at the destination between now and `latest`, which push it back.
    pub holidays: Vec<NaiveDate>,
    /// The parcel is already slower than most on its lane: the window starts today.
    pub running_late: bool,
}

/// The next milestone and how long parcels usually wait for it (calendar days): the note
/// for the silent stretch after departure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextScan {
    pub milestone: Milestone,
    pub min_days: u32,
    pub max_days: u32,
}

/// What the shipment itself contributes.
#[derive(Debug, Clone, PartialEq)]
pub struct Journey<'a> {
    pub lane: Lane,
    pub carrier: Option<&'a str>,
    pub service: &'a str,
    pub milestones: &'a [(Milestone, DateTime<Utc>)],
}

impl Journey<'_> {
    fn latest(&self) -> Option<(Milestone, DateTime<Utc>)> {
        self.milestones.iter().copied().max_by_key(|(m, _)| *m)
    }

    /// The history this journey's window rests on, narrowest first.
    fn comparable<'h>(
        &self,
        history: &'h [HistoryJourney],
        from: Milestone,
    ) -> Option<(EtaBasis, Vec<&'h HistoryJourney>)> {
        let bases = [EtaBasis::CarrierAndService, EtaBasis::Service, EtaBasis::Countries];
        bases.into_iter().find_map(|basis| {
            let matching: Vec<&HistoryJourney> = history
                .iter()
                .filter(|h| match basis {
                    EtaBasis::CarrierAndService => h.service == self.service && h.carrier.as_deref() == self.carrier,
                    EtaBasis::Service => h.service == self.service,
                    EtaBasis::Countries => true,
                })
                .filter(|h| h.at(from).is_some() && h.at(Milestone::Delivered).is_some())
                .collect();
            (matching.len() >= MIN_SAMPLES).then_some((basis, matching))
        })
    }
}

/// The delivery window for `journey` at `now`, from finished journeys on its lane (same
/// origin and destination countries). `None` once delivered, or without enough history.
pub fn delivery_window(journey: &Journey, history: &[HistoryJourney], now: DateTime<Utc>) -> Option<EtaWindow> {
    let (from, since) = journey.latest()?;
    if from == Milestone::Delivered {
        return None;
    }
    let lane = &journey.lane;
    let (basis, comparable) = journey.comparable(history, from)?;
    let stretches: Vec<Vec<(Milestone, u32)>> = comparable.iter().filter_map(|h| h.remaining(lane, from)).collect();
    if stretches.len() < MIN_SAMPLES {
        return None;
    }
    let mut totals: Vec<u32> = stretches.iter().map(|s| s.iter().map(|(_, d)| d).sum()).collect();
    totals.sort_unstable();
    // Parcels that had already moved on by now say little about this one: weigh the ones
    // that waited at least as long at this stage, when there are enough of them.
    let waited = lane.days_between(from, since, now);
    let still_waiting: Vec<&Vec<(Milestone, u32)>> =
        stretches.iter().filter(|s| s.first().is_none_or(|(_, d)| *d >= waited)).collect();
    let running_late = still_waiting.len() < MIN_SAMPLES;
    let predictors: Vec<&Vec<(Milestone, u32)>> = if running_late { stretches.iter().collect() } else { still_waiting };
    let destination = &lane.destination;
    let mut arrivals: Vec<NaiveDate> = predictors
        .iter()
        .map(|stretch| {
            let at = stretch.iter().fold(since, |at, (stage, days)| lane.advance(*stage, at, *days));
            destination.local_date(at)
        })
        .collect();
    arrivals.sort_unstable();
    let today = destination.local_date(now);
    let (mut earliest, mut latest) = (percentile(&arrivals, 10), percentile(&arrivals, 90));
    if earliest < today {
        earliest = today;
    }
    if latest < earliest {
        // Later than every comparable parcel: the next working days are the honest window.
        latest = lane.advance(Milestone::Delivered, now, 2).date_naive().max(earliest);
    }
    let holidays = dates(today, latest).filter(|d| is_public_holiday(destination.country.as_str(), *d)).collect();
    Some(EtaWindow {
        earliest,
        latest,
        from,
        basis,
        journeys: stretches.len() as u32,
        min_days: percentile(&totals, 10),
        max_days: percentile(&totals, 90),
        holidays,
        running_late,
    })
}

/// The window the journey was shown when it left the origin: what the shop promised, in
/// effect. `None` before departure, or without enough history for a window then.
pub fn promised_window(journey: &Journey, history: &[HistoryJourney]) -> Option<EtaWindow> {
    let departed = journey.milestones.iter().find(|(m, _)| *m == Milestone::DepartedOrigin).map(|(_, t)| *t)?;
    let known_then: Vec<(Milestone, DateTime<Utc>)> =
        journey.milestones.iter().copied().filter(|(m, _)| *m <= Milestone::DepartedOrigin).collect();
    delivery_window(&Journey { milestones: &known_then, ..journey.clone() }, history, departed)
}

/// Whether a delivered journey arrived by the last day of the window it would have been shown
/// when it left the origin: the on-time badge. `None` without a departure and a delivery, or
/// without enough history for a window.
pub fn delivered_within_window(journey: &Journey, history: &[HistoryJourney]) -> Option<bool> {
    let delivered = journey.milestones.iter().find(|(m, _)| *m == Milestone::Delivered).map(|(_, t)| *t)?;
    let window = promised_window(journey, history)?;
    Some(journey.lane.destination.local_date(delivered) <= window.latest)
}

/// Today's date where the parcel is going.
pub fn destination_today(journey: &Journey, now: DateTime<Utc>) -> NaiveDate {
    journey.lane.destination.local_date(now)
}

/// The next milestone parcels on this lane reached after the current one, and how many
/// calendar days it usually took (eight in ten).
pub fn next_scan(journey: &Journey, history: &[HistoryJourney]) -> Option<NextScan> {
    let (from, _) = journey.latest()?;
    let next = *Milestone::ALL.iter().find(|m| **m > from)?;
    let (_, comparable) = journey.comparable(history, from)?;
    let mut hours: Vec<i64> =
        comparable.iter().filter_map(|h| Some((h.at(next)? - h.at(from)?).num_hours())).filter(|h| *h >= 0).collect();
    if hours.len() < MIN_SAMPLES {
        return None;
    }
    hours.sort_unstable();
    let min_days = (percentile(&hours, 10) / 24) as u32;
    let max_days = ((percentile(&hours, 90) + 23) / 24).max(1) as u32;
    Some(NextScan { milestone: next, min_days, max_days: max_days.max(min_days) })
}

fn percentile<T: Copy>(sorted: &[T], p: usize) -> T {
    sorted[(sorted.len() - 1) * p / 100]
}

fn dates(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |d| *d <= to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Shenzhen → Los Angeles.
    fn lane() -> Lane {
        Lane {
            origin: LaneEnd { country: "CN".try_into().unwrap(), lon: 114.06 },
            destination: LaneEnd { country: "US".try_into().unwrap(), lon: -118.24 },
        }
    }

    /// A finished journey: each milestone `gaps[i]` hours after the previous one.
    fn finished(start: &str, gaps: [i64; 7], carrier: &str) -> HistoryJourney {
        let mut at = utc(start);
        let mut milestones = vec![(Milestone::OrderConfirmed, at)];
        for (milestone, gap) in Milestone::ALL[1..].iter().zip(gaps) {
            at += Duration::hours(gap);
            milestones.push((*milestone, at));
        }
        HistoryJourney { carrier: Some(carrier.into()), service: "express".into(), milestones }
    }

    #[test]
    fn working_days_skip_weekends_and_holidays_at_the_right_end() {
        let lane = lane();
        // Customs in LA from Wednesday 25 Nov to Monday 30 Nov 2026: Thanksgiving (Thu) and
        // the weekend do not count, Friday and Monday do.
        let days =
            lane.days_between(Milestone::ArrivedDestination, utc("2026-11-25T20:00:00Z"), utc("2026-11-30T20:00:00Z"));
        assert_eq!(days, 2);
        // In the air every day counts.
        assert_eq!(
            lane.days_between(Milestone::DepartedOrigin, utc("2026-11-25T20:00:00Z"), utc("2026-11-30T20:00:00Z")),
            5
        );
        // Golden Week counts for nothing in a Chinese warehouse.
        assert_eq!(lane.days_between(Milestone::Packed, utc("2026-09-30T04:00:00Z"), utc("2026-10-08T04:00:00Z")), 1);
        // Advancing is the inverse: two destination working days after Wednesday 25 Nov.
        let at = lane.advance(Milestone::ArrivedDestination, utc("2026-11-25T20:00:00Z"), 2);
        assert_eq!(lane.destination.local_date(at), date("2026-11-30"));
    }

    fn history(n: usize) -> Vec<HistoryJourney> {
        // Every journey arrives in LA on a Tuesday afternoon; customs takes 1 to 4 days.
        (0..n)
            .map(|i| finished("2026-10-04T02:00:00Z", [6, 20, 30, 14, 24 * (1 + (i % 4) as i64), 14, 8], "yunexpress"))
            .collect()
    }

    fn journey<'a>(milestones: &'a [(Milestone, DateTime<Utc>)]) -> Journey<'a> {
        Journey { lane: lane(), carrier: Some("yunexpress"), service: "express", milestones }
    }

    #[test]
    fn the_window_counts_the_remaining_stretches_forward_on_working_days() {
        let history = history(40);
        // Arrived in LA on Tuesday 24 Nov 2026 at 20:00 UTC (noon local).
        let reached = [(Milestone::ArrivedDestination, utc("2026-11-24T20:00:00Z"))];
        let window = delivery_window(&journey(&reached), &history, utc("2026-11-24T21:00:00Z")).unwrap();
        assert_eq!(window.from, Milestone::ArrivedDestination);
        assert_eq!(window.basis, EtaBasis::CarrierAndService);
        assert_eq!(window.journeys, 40);
        // Customs 1–4 working days (Thanksgiving skipped), then a day to the van and delivery.
        assert_eq!(window.earliest, date("2026-11-27"), "Wed + 1 working day (Thu is Thanksgiving) + 0–1");
        // The slowest: three customs days (Wed, Fri, Mon 30th); those parcels went out the same day.
        assert_eq!(window.latest, date("2026-11-30"), "{window:?}");
        assert_eq!((window.min_days, window.max_days), (2, 3));
        assert_eq!(window.holidays, vec![date("2026-11-26")]);
        assert!(!window.running_late);
    }

    #[test]
    fn on_time_means_by_the_last_day_of_the_window_shown_at_departure() {
        let history = history(40);
        let mut reached: Vec<(Milestone, DateTime<Utc>)> =
            finished("2026-11-16T02:00:00Z", [6, 20, 30, 14, 24, 14, 8], "yunexpress").milestones;
        assert_eq!(delivered_within_window(&journey(&reached), &history), Some(true));
        // The same parcel held in customs for three more weeks was late.
        for (m, at) in reached.iter_mut() {
            if *m >= Milestone::CustomsCleared {
                *at += Duration::days(21);
            }
        }
        assert_eq!(delivered_within_window(&journey(&reached), &history), Some(false));
        reached.retain(|(m, _)| *m != Milestone::Delivered);
        assert_eq!(delivered_within_window(&journey(&reached), &history), None, "not delivered yet");
        assert_eq!(delivered_within_window(&journey(&reached), &history[..3]), None);
    }

    #[test]
    fn no_window_without_enough_history_or_once_delivered() {
        let reached = [(Milestone::ArrivedDestination, utc("2026-11-24T20:00:00Z"))];
        let now = utc("2026-11-24T21:00:00Z");
        assert_eq!(delivery_window(&journey(&reached), &history(MIN_SAMPLES - 1), now), None);
        let delivered = [(Milestone::Delivered, utc("2026-11-24T20:00:00Z"))];
        assert_eq!(delivery_window(&journey(&delivered), &history(40), now), None);
    }

    #[test]
    fn a_broader_basis_is_used_when_the_carrier_has_too_little_history() {
        let mut history = history(30);
        for h in &mut history[5..] {
            h.carrier = Some("cainiao".into());
        }
        let reached = [(Milestone::ArrivedDestination, utc("2026-11-24T20:00:00Z"))];
        let window = delivery_window(&journey(&reached), &history, utc("2026-11-24T21:00:00Z")).unwrap();
        assert_eq!(window.basis, EtaBasis::Service);
    }

    #[test]
    fn a_parcel_slower_than_its_lane_gets_a_window_from_today() {
        let reached = [(Milestone::ArrivedDestination, utc("2026-11-02T20:00:00Z"))];
        let now = utc("2026-11-20T20:00:00Z");
        let window = delivery_window(&journey(&reached), &history(40), now).unwrap();
        assert!(window.running_late);
        assert_eq!(window.earliest, date("2026-11-20"));
        assert!(window.latest >= window.earliest);
    }

    #[test]
    fn the_next_scan_after_departure_is_the_arrival_in_about_a_day() {
        let reached = [(Milestone::DepartedOrigin, utc("2026-11-20T20:00:00Z"))];
        let next = next_scan(&journey(&reached), &history(40)).unwrap();
        assert_eq!(next, NextScan { milestone: Milestone::ArrivedDestination, min_days: 0, max_days: 1 });
    }

    proptest::proptest! {
        // Each case walks thirty journeys' calendars: a few dozen cases cover the range.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]

        /// However far from each other the times are (from 1 BC to the year 30,000), the window
        /// comes in bounded steps without a panic, and no wider than the walks' horizon allows.
        #[test]
        fn far_timestamps_give_a_bounded_answer(
            since in -62_200_000_000i64..884_000_000_000,
            now in -62_200_000_000i64..884_000_000_000,
            outlier in -62_200_000_000i64..884_000_000_000,
        ) {
            let at = |secs: i64| DateTime::<Utc>::from_timestamp(secs, 0).unwrap();
            let mut history = history(30);
            history[0].milestones[4].1 = at(outlier);
            let reached = [(Milestone::ArrivedDestination, at(since))];
            if let Some(window) = delivery_window(&journey(&reached), &history, at(now)) {
                proptest::prop_assert!(window.earliest <= window.latest);
                let span = (window.latest - window.earliest).num_days();
                proptest::prop_assert!(span <= 8 * i64::from(WALK_HORIZON_DAYS), "{span} days");
            }
            let _ = next_scan(&journey(&reached), &history);
        }
    }
}
