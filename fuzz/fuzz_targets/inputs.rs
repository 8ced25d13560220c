//! The input readers on arbitrary bytes: people, quotas and settings (split at two 0xFF
//! bytes) must load or fail with problems — never panic, never hang.
#![no_main]

use kleroterion::{FileNames, InputBytes, Inputs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0xFF);
    let people = parts.next().unwrap_or_default().to_vec();
    let features = parts.next().unwrap_or_default().to_vec();
    let settings = parts.next().map(|s| s.to_vec());
    let panel_size = data.first().map_or(1, |&b| usize::from(b % 8) + 1);
    let bytes = InputBytes {
        people,
        features,
        settings,
        already_selected: None,
        leave_out: None,
    };
    if let Ok(inputs) = Inputs::from_bytes(bytes, &FileNames::default(), panel_size) {
        // A valid instance must also survive the canonical forms the commitment hashes.
        let _ = kleroterion::protocol::commitment::input_hashes(&inputs.bytes, &inputs.instance);
    }
});
