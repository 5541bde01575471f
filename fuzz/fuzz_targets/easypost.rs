#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    trekpost_fuzz::check(app::domain::normalise::easypost::parse(data, trekpost_fuzz::window()));
});
