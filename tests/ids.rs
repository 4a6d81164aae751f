//! Resident ID numbers for tests: valid ones, and ones with a wrong check character.

/// A valid resident ID number, different for each `seq` below 1000, with its
/// ISO 7064 MOD 11-2 check character.
pub fn id_number(seq: u32) -> String {
    let body = format!("13010119800101{seq:03}");
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.chars().zip(weights).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// The same number with a wrong check character.
pub fn bad_check_digit(seq: u32) -> String {
    let good = id_number(seq);
    let wrong = if good.ends_with('0') { '1' } else { '0' };
    format!("{}{wrong}", &good[..17])
}
