//! What LimitDesk may hold of a customer's identity: numbers masked by the
//! credit system, never whole (it keeps the full ones).

/// Why a masked number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MaskError {
    #[error("only digits, `X` and `*` belong in it")]
    Characters,
    #[error("it must be masked: at most {0} digits may show")]
    TooManyDigits(usize),
    #[error("it is not the length of one")]
    Length,
}

fn check(
    text: &str,
    lengths: std::ops::RangeInclusive<usize>,
    visible: usize,
) -> Result<(), MaskError> {
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || c == '*' || c == 'X' || c == 'x')
    {
        return Err(MaskError::Characters);
    }
    if !lengths.contains(&text.chars().count()) {
        return Err(MaskError::Length);
    }
    if text.chars().filter(|c| *c != '*').count() > visible {
        return Err(MaskError::TooManyDigits(visible));
    }
    Ok(())
}

/// A resident identity number (15 or 18 characters) with at most 8 showing,
/// e.g. `3301**********1234`.
pub fn check_masked_id_number(text: &str) -> Result<(), MaskError> {
    check(text, 15..=18, 8)
}

/// A mobile number (11 digits) with at most 7 showing, e.g. `138****5678`.
pub fn check_masked_phone(text: &str) -> Result<(), MaskError> {
    if text.contains(['X', 'x']) {
        return Err(MaskError::Characters);
    }
    check(text, 11..=11, 7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_numbers_pass_and_whole_ones_do_not() {
        assert_eq!(check_masked_id_number("3301**********1234"), Ok(()));
        assert_eq!(
            check_masked_id_number("330106199001011234"),
            Err(MaskError::TooManyDigits(8))
        );
        assert_eq!(
            check_masked_id_number("3301-*****"),
            Err(MaskError::Characters)
        );
        assert_eq!(check_masked_phone("138****5678"), Ok(()));
        assert_eq!(
            check_masked_phone("13812345678"),
            Err(MaskError::TooManyDigits(7))
        );
        assert_eq!(check_masked_phone("138****567"), Err(MaskError::Length));
    }
}
