//! The bundled world the simulator ships parcels through: real cities, airports, ports and
//! sorting centres (coordinates to about a kilometre), the carriers that work each lane, their
//! schedules, and each destination country's customs.

use app::domain::calendar::{Shift, WorkWeek, WorkingTime};
use app::domain::event::ReasonCode;
use app::domain::shipment::{ServiceLevel, TransportMode};
use app::domain::GeoPoint;
use chrono::Weekday;
use chrono_tz::Tz;
use chrono_tz::{America, Asia, Australia, Europe};

/// A place on the map: a city, warehouse, sorting centre, airport or port.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Site {
    pub name: &'static str,
    pub country: &'static str,
    pub tz: Tz,
    pub lat: f64,
    pub lon: f64,
}

impl Site {
    pub fn point(&self) -> GeoPoint {
        GeoPoint::new(self.lat, self.lon).expect("bundled coordinates are on the globe")
    }

    pub fn working(&self, week: WorkWeek, start_hour: u32, end_hour: u32) -> WorkingTime {
        WorkingTime { country: self.country, tz: self.tz, week, shift: Shift { start_hour, end_hour } }
    }
}

const fn site(name: &'static str, country: &'static str, tz: Tz, lat: f64, lon: f64) -> Site {
    Site { name, country, tz, lat, lon }
}

// Cities (where shops ship from and shoppers live).
pub const SHENZHEN: Site = site("Shenzhen", "CN", Asia::Shanghai, 22.5431, 114.0579);
pub const SHANGHAI: Site = site("Shanghai", "CN", Asia::Shanghai, 31.2304, 121.4737);
pub const HANGZHOU: Site = site("Hangzhou", "CN", Asia::Shanghai, 30.2741, 120.1551);
pub const YIWU: Site = site("Yiwu", "CN", Asia::Shanghai, 29.3069, 120.0753);
pub const SEOUL: Site = site("Seoul", "KR", Asia::Seoul, 37.5665, 126.9780);
pub const DALLAS: Site = site("Dallas", "US", America::Chicago, 32.7767, -96.7970);
pub const HO_CHI_MINH_CITY: Site = site("Ho Chi Minh City", "VN", Asia::Ho_Chi_Minh, 10.8231, 106.6297);
pub const LOS_ANGELES: Site = site("Los Angeles", "US", America::Los_Angeles, 34.0522, -118.2437);
pub const FRANKFURT: Site = site("Frankfurt am Main", "DE", Europe::Berlin, 50.1109, 8.6821);
pub const SAO_PAULO: Site = site("São Paulo", "BR", America::Sao_Paulo, -23.5505, -46.6333);
pub const MADRID: Site = site("Madrid", "ES", Europe::Madrid, 40.4168, -3.7038);
pub const SYDNEY: Site = site("Sydney", "AU", Australia::Sydney, -33.8688, 151.2093);
pub const LONDON: Site = site("London", "GB", Europe::London, 51.5074, -0.1278);
pub const TORONTO: Site = site("Toronto", "CA", America::Toronto, 43.6532, -79.3832);

// Airports.
pub const HKG: Site = site("Hong Kong International Airport (HKG)", "HK", Asia::Hong_Kong, 22.3080, 113.9185);
pub const PVG: Site = site("Shanghai Pudong Airport (PVG)", "CN", Asia::Shanghai, 31.1443, 121.8083);
pub const HGH: Site = site("Hangzhou Xiaoshan Airport (HGH)", "CN", Asia::Shanghai, 30.2295, 120.4344);
pub const ICN: Site = site("Incheon Airport (ICN)", "KR", Asia::Seoul, 37.4602, 126.4407);
pub const DFW: Site = site("Dallas/Fort Worth Airport (DFW)", "US", America::Chicago, 32.8998, -97.0403);
pub const SGN: Site = site("Tan Son Nhat Airport (SGN)", "VN", Asia::Ho_Chi_Minh, 10.8188, 106.6520);
pub const LAX: Site = site("Los Angeles Airport (LAX)", "US", America::Los_Angeles, 33.9416, -118.4085);
pub const FRA: Site = site("Frankfurt Airport (FRA)", "DE", Europe::Berlin, 50.0379, 8.5622);
pub const DOH: Site = site("Hamad Airport, Doha (DOH)", "QA", Asia::Qatar, 25.2731, 51.6081);
pub const GRU: Site = site("São Paulo Guarulhos Airport (GRU)", "BR", America::Sao_Paulo, -23.4356, -46.4731);
pub const MAD: Site = site("Madrid Barajas Airport (MAD)", "ES", Europe::Madrid, 40.4983, -3.5676);
pub const SYD: Site = site("Sydney Airport (SYD)", "AU", Australia::Sydney, -33.9399, 151.1753);
pub const LHR: Site = site("London Heathrow Airport (LHR)", "GB", Europe::London, 51.4700, -0.4543);
pub const TPE: Site = site("Taoyuan Airport, Taipei (TPE)", "TW", Asia::Taipei, 25.0797, 121.2342);
pub const YYZ: Site = site("Toronto Pearson Airport (YYZ)", "CA", America::Toronto, 43.6777, -79.6248);

// Sea ports.
pub const YANTIAN: Site = site("Port of Yantian", "CN", Asia::Shanghai, 22.5700, 114.2750);
pub const NINGBO: Site = site("Port of Ningbo-Zhoushan", "CN", Asia::Shanghai, 29.9400, 121.8900);
pub const LONG_BEACH: Site = site("Port of Long Beach", "US", America::Los_Angeles, 33.7540, -118.2160);
pub const SANTOS: Site = site("Port of Santos", "BR", America::Sao_Paulo, -23.9600, -46.3000);
pub const VALENCIA: Site = site("Port of Valencia", "ES", Europe::Madrid, 39.4450, -0.3170);

// Warehouses and sorting centres.
pub const SZ_WAREHOUSE: Site = site("Longhua fulfilment centre, Shenzhen", "CN", Asia::Shanghai, 22.6567, 114.0442);
pub const SZ_YUNEXPRESS: Site = site("YunExpress Shenzhen sorting centre", "CN", Asia::Shanghai, 22.6900, 113.8600);
pub const SH_WAREHOUSE: Site = site("Minhang fulfilment centre, Shanghai", "CN", Asia::Shanghai, 31.1130, 121.3810);
pub const SH_CAINIAO: Site = site("Cainiao Shanghai export hub", "CN", Asia::Shanghai, 31.1800, 121.7200);
pub const HZ_WAREHOUSE: Site = site("Xiaoshan fulfilment centre, Hangzhou", "CN", Asia::Shanghai, 30.1830, 120.2640);
pub const HZ_CAINIAO: Site = site("Cainiao Hangzhou export hub", "CN", Asia::Shanghai, 30.2400, 120.4000);
pub const YW_WAREHOUSE: Site = site("Yiwu International Trade City warehouse", "CN", Asia::Shanghai, 29.3300, 120.1000);
pub const YW_YANWEN: Site = site("Yanwen Yiwu sorting centre", "CN", Asia::Shanghai, 29.2900, 120.0500);
pub const SEL_WAREHOUSE: Site = site("Gimpo fulfilment centre", "KR", Asia::Seoul, 37.6150, 126.7150);
pub const SEL_CJ: Site = site("CJ Logistics Incheon hub", "KR", Asia::Seoul, 37.4700, 126.6300);
pub const DAL_WAREHOUSE: Site = site("Grand Prairie fulfilment centre", "US", America::Chicago, 32.7460, -96.9978);
pub const DAL_ASENDIA: Site = site("Asendia Dallas export hub", "US", America::Chicago, 32.8600, -97.0100);
pub const HCM_WAREHOUSE: Site = site("Tan Binh fulfilment centre", "VN", Asia::Ho_Chi_Minh, 10.8010, 106.6530);
pub const HCM_VIETTEL: Site = site("Viettel Post Ho Chi Minh City hub", "VN", Asia::Ho_Chi_Minh, 10.8500, 106.6300);
pub const USPS_LA: Site = site("USPS Los Angeles processing centre", "US", America::Los_Angeles, 33.9960, -118.2490);
pub const DHL_FRANKFURT: Site = site("DHL parcel centre Frankfurt", "DE", Europe::Berlin, 50.0940, 8.7700);
pub const CORREIOS_SP: Site =
    site("Correios Cajamar distribution centre", "BR", America::Sao_Paulo, -23.3550, -46.8770);
pub const CORREOS_MADRID: Site = site("Correos Madrid-Barajas sorting centre", "ES", Europe::Madrid, 40.4720, -3.5690);
pub const AUSPOST_SYDNEY: Site =
    site("Australia Post Sydney parcel facility", "AU", Australia::Sydney, -33.8800, 150.9000);
pub const ROYAL_MAIL_LONDON: Site =
    site("Royal Mail Heathrow worldwide distribution centre", "GB", Europe::London, 51.4800, -0.4300);
pub const CANADA_POST_TORONTO: Site =
    site("Canada Post Gateway processing centre", "CA", America::Toronto, 43.6840, -79.6200);

/// How a carrier's tracking numbers look, so the simulated ones pass for real ones.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumberFormat {
    /// A fixed prefix and random digits.
    Prefixed { prefix: &'static str, digits: usize },
    /// An IATA air waybill (airline prefix, 7 digits, a mod-7 check digit) and the piece.
    AirWaybill { airline: &'static str },
    /// A UPU S10 item id, e.g. `RR123456785GB`.
    S10 { service: &'static str, country: &'static str },
    /// An ocean bill of lading: the line's code and 10 digits.
    BillOfLading { line: &'static str },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Carrier {
    pub slug: &'static str,
    pub name: &'static str,
    pub numbers: NumberFormat,
}

const fn carrier(slug: &'static str, name: &'static str, numbers: NumberFormat) -> Carrier {
    Carrier { slug, name, numbers }
}

pub const YUNEXPRESS: Carrier =
    carrier("yunexpress", "YunExpress", NumberFormat::Prefixed { prefix: "YT", digits: 16 });
pub const CAINIAO: Carrier = carrier("cainiao", "Cainiao", NumberFormat::Prefixed { prefix: "LP00", digits: 12 });
pub const YANWEN: Carrier = carrier("yanwen", "Yanwen", NumberFormat::Prefixed { prefix: "UG", digits: 12 });
pub const CJ_LOGISTICS: Carrier =
    carrier("cj-logistics", "CJ Logistics", NumberFormat::Prefixed { prefix: "CJ", digits: 12 });
pub const ASENDIA: Carrier = carrier("asendia", "Asendia", NumberFormat::Prefixed { prefix: "ASD", digits: 12 });
pub const VIETTEL_POST: Carrier =
    carrier("viettel-post", "Viettel Post", NumberFormat::Prefixed { prefix: "VTP", digits: 11 });
pub const CATHAY_CARGO: Carrier = carrier("cathay-cargo", "Cathay Cargo", NumberFormat::AirWaybill { airline: "160" });
pub const LUFTHANSA_CARGO: Carrier =
    carrier("lufthansa-cargo", "Lufthansa Cargo", NumberFormat::AirWaybill { airline: "020" });
pub const QATAR_CARGO: Carrier =
    carrier("qatar-cargo", "Qatar Airways Cargo", NumberFormat::AirWaybill { airline: "157" });
pub const CHINA_EASTERN_CARGO: Carrier =
    carrier("china-eastern-cargo", "China Eastern Cargo", NumberFormat::AirWaybill { airline: "112" });
pub const KOREAN_AIR_CARGO: Carrier =
    carrier("korean-air-cargo", "Korean Air Cargo", NumberFormat::AirWaybill { airline: "180" });
pub const AMERICAN_CARGO: Carrier =
    carrier("american-airlines-cargo", "American Airlines Cargo", NumberFormat::AirWaybill { airline: "001" });
pub const EVA_CARGO: Carrier = carrier("eva-air-cargo", "EVA Air Cargo", NumberFormat::AirWaybill { airline: "695" });
pub const MATSON: Carrier = carrier("matson", "Matson", NumberFormat::BillOfLading { line: "MATS" });
pub const COSCO: Carrier = carrier("cosco", "COSCO Shipping", NumberFormat::BillOfLading { line: "COSU" });
pub const USPS: Carrier = carrier("usps", "USPS", NumberFormat::Prefixed { prefix: "9400111", digits: 15 });
pub const DHL_PAKET: Carrier =
    carrier("dhl-paket", "DHL Paket", NumberFormat::Prefixed { prefix: "00340434", digits: 12 });
pub const CORREIOS: Carrier = carrier("correios", "Correios", NumberFormat::S10 { service: "NL", country: "BR" });
pub const CORREOS: Carrier = carrier("correos", "Correos", NumberFormat::S10 { service: "UA", country: "ES" });
pub const AUSTRALIA_POST: Carrier =
    carrier("australia-post", "Australia Post", NumberFormat::S10 { service: "LX", country: "AU" });
pub const ROYAL_MAIL: Carrier = carrier("royal-mail", "Royal Mail", NumberFormat::S10 { service: "RR", country: "GB" });
pub const CANADA_POST: Carrier =
    carrier("canada-post", "Canada Post", NumberFormat::Prefixed { prefix: "7023", digits: 12 });

/// The long-haul part of a lane: a flight (possibly via a hub) or a sailing.
#[derive(Debug, Clone, Copy)]
pub struct Linehaul {
    pub service: ServiceLevel,
    pub mode: TransportMode,
    pub carrier: Carrier,
    /// Flight number or vessel service, as the carrier prints it.
    pub service_name: &'static str,
    /// Departure airport or port, any transit hubs, arrival airport or port.
    pub stops: &'static [Site],
    /// Sea-lane turning points between the ports (straits, capes, canals); empty for flights.
    pub sea_lane: &'static [(f64, f64)],
    /// Days of the week with a departure, and the local departure hour.
    pub departure_days: &'static [Weekday],
    pub departure_hour: f64,
    /// Share of the lane's shipments on this option.
    pub share: f64,
    /// Order to delivery, in days, for a journey that ends in delivery: the plausibility
    /// tests hold every generated journey to it.
    pub transit_days: (f64, f64),
}

/// The carrier that delivers in the destination country.
#[derive(Debug, Clone, Copy)]
pub struct LastMile {
    pub carrier: Carrier,
    /// The sorting centre the delivery rounds start from.
    pub depot: Site,
    pub delivery_week: WorkWeek,
    /// Counts for each way a parcel is left.
    pub delivery_methods: &'static [(app::domain::event::DeliveryMethod, f64)],
    /// Postal codes of the city's neighbourhoods, for the destination address.
    pub postal_codes: &'static [&'static str],
}

/// A destination country's customs: dwell and how often it stops a parcel.
#[derive(Debug, Clone, Copy)]
pub struct Customs {
    /// Hours from arrival to clearance: median, 90th percentile, cap.
    pub dwell_hours: (f64, f64, f64),
    /// Share of parcels held for a check (inspection, missing data, assessment).
    pub hold_rate: f64,
    /// Share of parcels the shopper must pay duties or taxes for before release.
    pub action_rate: f64,
    /// What the shopper is asked to do when action is required.
    pub action: &'static str,
}

/// One origin city → destination city route as shops actually ship it.
#[derive(Debug, Clone, Copy)]
pub struct Lane {
    pub id: &'static str,
    pub origin: Site,
    pub destination: Site,
    pub warehouse: Site,
    pub first_mile: Carrier,
    pub first_mile_hub: Site,
    pub options: &'static [Linehaul],
    pub last_mile: LastMile,
    pub customs: Customs,
}

impl Lane {
    pub fn by_id(id: &str) -> Option<&'static Lane> {
        LANES.iter().find(|lane| lane.id == id)
    }
}

/// How often things go wrong, per journey (customs rates are per destination country).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExceptionRates {
    /// A flight or sailing held back by weather.
    pub weather: f64,
    /// The address cannot be delivered to as given.
    pub address_issue: f64,
    /// Of address issues, the share never resolved: returned to sender.
    pub address_unresolved: f64,
    /// The first delivery attempt finds nobody home.
    pub failed_attempt: f64,
    /// Of failed attempts, the share whose second attempt also fails (held for pickup).
    pub second_attempt_fails: f64,
    /// Packaging damaged in transit, repacked.
    pub damaged: f64,
    /// A flight's cargo offloaded for lack of space (not shown as a problem).
    pub offloaded: f64,
}

pub const EXCEPTION_RATES: ExceptionRates = ExceptionRates {
    weather: 0.012,
    address_issue: 0.015,
    address_unresolved: 0.2,
    failed_attempt: 0.06,
    second_attempt_fails: 0.3,
    damaged: 0.004,
    offloaded: 0.08,
};

/// Reasons customs gives when it holds a parcel, with their weights.
pub const HOLD_REASONS: &[(ReasonCode, f64)] =
    &[(ReasonCode::RandomInspection, 0.5), (ReasonCode::MissingInvoiceData, 0.3), (ReasonCode::DutiesAssessment, 0.2)];

use app::domain::event::DeliveryMethod::*;
use Weekday::*;

const DAILY: &[Weekday] = &[Mon, Tue, Wed, Thu, Fri, Sat, Sun];

pub const LANES: &[Lane] = &[
    Lane {
        id: "shenzhen-los-angeles",
        origin: SHENZHEN,
        destination: LOS_ANGELES,
        warehouse: SZ_WAREHOUSE,
        first_mile: YUNEXPRESS,
        first_mile_hub: SZ_YUNEXPRESS,
        options: &[
            Linehaul {
                service: ServiceLevel::Standard,
                mode: TransportMode::Air,
                carrier: CATHAY_CARGO,
                service_name: "CX 1084",
                stops: &[HKG, LAX],
                sea_lane: &[],
                departure_days: DAILY,
                departure_hour: 1.5,
                share: 0.8,
                transit_days: (3.0, 22.0),
            },
            Linehaul {
                service: ServiceLevel::Economy,
                mode: TransportMode::Ocean,
                carrier: MATSON,
                service_name: "Matson China-Long Beach Express",
                stops: &[YANTIAN, LONG_BEACH],
                sea_lane: &[(21.9, 121.0), (30.0, 135.0)],
                departure_days: &[Wed],
                departure_hour: 20.0,
                share: 0.2,
                transit_days: (20.0, 50.0),
            },
        ],
        last_mile: LastMile {
            carrier: USPS,
            depot: USPS_LA,
            delivery_week: WorkWeek::MondayToSaturday,
            delivery_methods: &[(LeftAtDoor, 0.55), (Mailbox, 0.25), (HandedToRecipient, 0.15), (Locker, 0.05)],
            postal_codes: &["90012", "90026", "90028", "90036", "90045", "90064", "90210", "90291"],
        },
        customs: Customs {
            dwell_hours: (8.0, 30.0, 96.0),
            hold_rate: 0.025,
            action_rate: 0.01,
            action: "Pay the import duties USPS has collected on your behalf at usps.com, quoting the tracking number.",
        },
    },
    Lane {
        id: "shanghai-frankfurt",
        origin: SHANGHAI,
        destination: FRANKFURT,
        warehouse: SH_WAREHOUSE,
        first_mile: CAINIAO,
        first_mile_hub: SH_CAINIAO,
        options: &[Linehaul {
            service: ServiceLevel::Standard,
            mode: TransportMode::Air,
            carrier: LUFTHANSA_CARGO,
            service_name: "LH 8405",
            stops: &[PVG, FRA],
            sea_lane: &[],
            departure_days: &[Mon, Tue, Thu, Fri, Sat],
            departure_hour: 23.0,
            share: 1.0,
            transit_days: (3.0, 24.0),
        }],
        last_mile: LastMile {
            carrier: DHL_PAKET,
            depot: DHL_FRANKFURT,
            delivery_week: WorkWeek::MondayToSaturday,
            delivery_methods: &[(HandedToRecipient, 0.45), (Neighbour, 0.25), (Locker, 0.15), (PickupPoint, 0.15)],
            postal_codes: &["60311", "60313", "60316", "60318", "60322", "60385", "60486", "60594"],
        },
        customs: Customs {
            dwell_hours: (20.0, 60.0, 144.0),
            hold_rate: 0.04,
            action_rate: 0.03,
            action: "Pay the import VAT and duty in the DHL app or at dhl.de before delivery.",
        },
    },
    Lane {
        id: "hangzhou-sao-paulo",
        origin: HANGZHOU,
        destination: SAO_PAULO,
        warehouse: HZ_WAREHOUSE,
        first_mile: CAINIAO,
        first_mile_hub: HZ_CAINIAO,
        options: &[
            Linehaul {
                service: ServiceLevel::Standard,
                mode: TransportMode::Air,
                carrier: QATAR_CARGO,
                service_name: "QR 8859 / QR 8151",
                stops: &[HGH, DOH, GRU],
                sea_lane: &[],
                departure_days: &[Mon, Wed, Fri, Sun],
                departure_hour: 2.0,
                share: 0.75,
                transit_days: (4.0, 42.0),
            },
            Linehaul {
                service: ServiceLevel::Economy,
                mode: TransportMode::Ocean,
                carrier: COSCO,
                service_name: "COSCO ESA service",
                stops: &[NINGBO, SANTOS],
                sea_lane: &[(24.3, 119.6), (15.0, 112.0), (1.25, 104.1), (-6.3, 105.0), (-25.0, 75.0), (-36.5, 20.0), (-31.0, -5.0)],
                departure_days: &[Tue],
                departure_hour: 18.0,
                share: 0.25,
                transit_days: (30.0, 80.0),
            },
        ],
        last_mile: LastMile {
            carrier: CORREIOS,
            depot: CORREIOS_SP,
            delivery_week: WorkWeek::MondayToFriday,
            delivery_methods: &[(HandedToRecipient, 0.6), (Signature, 0.25), (PickupPoint, 0.15)],
            postal_codes: &["01310-100", "04538-132", "05402-000", "01414-001", "04101-300", "05508-010"],
        },
        customs: Customs {
            dwell_hours: (60.0, 240.0, 480.0),
            hold_rate: 0.08,
            action_rate: 0.10,
            action: "Pay the import tax in \"Minhas Importações\" on the Correios website; customs releases the parcel once paid.",
        },
    },
    Lane {
        id: "yiwu-madrid",
        origin: YIWU,
        destination: MADRID,
        warehouse: YW_WAREHOUSE,
        first_mile: YANWEN,
        first_mile_hub: YW_YANWEN,
        options: &[
            Linehaul {
                service: ServiceLevel::Standard,
                mode: TransportMode::Air,
                carrier: CHINA_EASTERN_CARGO,
                service_name: "MU 219",
                stops: &[PVG, MAD],
                sea_lane: &[],
                departure_days: &[Tue, Thu, Sat],
                departure_hour: 1.0,
                share: 0.6,
                transit_days: (3.0, 30.0),
            },
            Linehaul {
                service: ServiceLevel::Economy,
                mode: TransportMode::Ocean,
                carrier: COSCO,
                service_name: "COSCO AEM service",
                stops: &[NINGBO, VALENCIA],
                sea_lane: &[
                    (24.3, 119.6),
                    (15.0, 112.0),
                    (1.25, 104.1),
                    (5.9, 95.0),
                    (5.6, 80.5),
                    (12.4, 51.0),
                    (12.6, 43.4),
                    (20.0, 38.4),
                    (29.9, 32.6),
                    (31.4, 32.3),
                    (35.2, 20.0),
                    (37.4, 11.3),
                    (38.6, 4.0),
                ],
                departure_days: &[Fri],
                departure_hour: 16.0,
                share: 0.4,
                transit_days: (25.0, 60.0),
            },
        ],
        last_mile: LastMile {
            carrier: CORREOS,
            depot: CORREOS_MADRID,
            delivery_week: WorkWeek::MondayToFriday,
            delivery_methods: &[(HandedToRecipient, 0.5), (Locker, 0.2), (PickupPoint, 0.2), (Mailbox, 0.1)],
            postal_codes: &["28001", "28004", "28010", "28013", "28039", "28045"],
        },
        customs: Customs {
            dwell_hours: (30.0, 96.0, 200.0),
            hold_rate: 0.05,
            action_rate: 0.04,
            action: "Send Correos the invoice and pay the import VAT (DUA) at correos.es/aduanas.",
        },
    },
    Lane {
        id: "seoul-sydney",
        origin: SEOUL,
        destination: SYDNEY,
        warehouse: SEL_WAREHOUSE,
        first_mile: CJ_LOGISTICS,
        first_mile_hub: SEL_CJ,
        options: &[Linehaul {
            service: ServiceLevel::Express,
            mode: TransportMode::Air,
            carrier: KOREAN_AIR_CARGO,
            service_name: "KE 401",
            stops: &[ICN, SYD],
            sea_lane: &[],
            departure_days: DAILY,
            departure_hour: 20.5,
            share: 1.0,
            transit_days: (2.5, 22.0),
        }],
        last_mile: LastMile {
            carrier: AUSTRALIA_POST,
            depot: AUSPOST_SYDNEY,
            delivery_week: WorkWeek::MondayToFriday,
            delivery_methods: &[(LeftAtDoor, 0.6), (Locker, 0.2), (PickupPoint, 0.1), (Signature, 0.1)],
            postal_codes: &["2000", "2010", "2021", "2031", "2040", "2060"],
        },
        customs: Customs {
            dwell_hours: (10.0, 36.0, 120.0),
            hold_rate: 0.025,
            action_rate: 0.005,
            action: "Reply to the Australian Border Force request with the invoice and pay any GST due.",
        },
    },
    Lane {
        id: "dallas-london",
        origin: DALLAS,
        destination: LONDON,
        warehouse: DAL_WAREHOUSE,
        first_mile: ASENDIA,
        first_mile_hub: DAL_ASENDIA,
        options: &[Linehaul {
            service: ServiceLevel::Standard,
            mode: TransportMode::Air,
            carrier: AMERICAN_CARGO,
            service_name: "AA 50",
            stops: &[DFW, LHR],
            sea_lane: &[],
            departure_days: DAILY,
            departure_hour: 17.0,
            share: 1.0,
            transit_days: (2.5, 20.0),
        }],
        last_mile: LastMile {
            carrier: ROYAL_MAIL,
            depot: ROYAL_MAIL_LONDON,
            delivery_week: WorkWeek::MondayToSaturday,
            delivery_methods: &[(Mailbox, 0.35), (HandedToRecipient, 0.3), (LeftAtDoor, 0.2), (Neighbour, 0.15)],
            postal_codes: &["E1 6AN", "N1 9GU", "SE1 7PB", "W2 1HB", "NW1 8NH", "SW11 4NJ"],
        },
        customs: Customs {
            dwell_hours: (12.0, 40.0, 120.0),
            hold_rate: 0.03,
            action_rate: 0.03,
            action: "Pay the Royal Mail fee for import VAT and duty at royalmail.com/fee before the parcel is released.",
        },
    },
    Lane {
        id: "ho-chi-minh-city-toronto",
        origin: HO_CHI_MINH_CITY,
        destination: TORONTO,
        warehouse: HCM_WAREHOUSE,
        first_mile: VIETTEL_POST,
        first_mile_hub: HCM_VIETTEL,
        options: &[Linehaul {
            service: ServiceLevel::Standard,
            mode: TransportMode::Air,
            carrier: EVA_CARGO,
            service_name: "BR 392 / BR 36",
            stops: &[SGN, TPE, YYZ],
            sea_lane: &[],
            departure_days: &[Mon, Wed, Thu, Sat],
            departure_hour: 23.5,
            share: 1.0,
            transit_days: (3.5, 24.0),
        }],
        last_mile: LastMile {
            carrier: CANADA_POST,
            depot: CANADA_POST_TORONTO,
            delivery_week: WorkWeek::MondayToFriday,
            delivery_methods: &[(Mailbox, 0.4), (LeftAtDoor, 0.3), (PickupPoint, 0.2), (Signature, 0.1)],
            postal_codes: &["M5V 2T6", "M4M 1H7", "M6G 1L5", "M5A 3C4", "M4W 1A8", "M6J 3E5"],
        },
        customs: Customs {
            dwell_hours: (16.0, 48.0, 140.0),
            hold_rate: 0.03,
            action_rate: 0.03,
            action: "Pay the duties and taxes Canada Post shows for this parcel online before it is released.",
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lane_has_its_options_shared_out_and_sensible() {
        for lane in LANES {
            let shares: f64 = lane.options.iter().map(|o| o.share).sum();
            assert!((shares - 1.0).abs() < 1e-9, "{}: shares sum to {shares}", lane.id);
            for option in lane.options {
                assert!(option.stops.len() >= 2, "{}", lane.id);
                assert!(option.transit_days.0 < option.transit_days.1);
                assert!(!option.departure_days.is_empty());
                assert_eq!(option.sea_lane.is_empty(), option.mode == TransportMode::Air, "{}", lane.id);
            }
            for option in lane.options {
                let arrival = option.stops[option.stops.len() - 1];
                assert_eq!(arrival.country, lane.destination.country, "{}", lane.id);
            }
            assert!(lane.origin.point().distance_km(&lane.warehouse.point()) < 60.0, "{}", lane.id);
        }
    }

    #[test]
    fn first_mile_and_last_mile_sites_are_near_their_cities() {
        for lane in LANES {
            let near = |a: &Site, b: &Site, km: f64| a.point().distance_km(&b.point()) < km;
            assert!(near(&lane.first_mile_hub, &lane.origin, 80.0), "{}", lane.id);
            assert!(near(&lane.last_mile.depot, &lane.destination, 60.0), "{}", lane.id);
            let first_stop = lane.options[0].stops[0];
            assert!(near(&first_stop, &lane.origin, 300.0), "{}: {}", lane.id, first_stop.name);
        }
    }
}
