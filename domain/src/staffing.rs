//! The staff lifecycle's rules: how long an enrolment link lasts, which role
//! changes need a second admin, and who may decide one.

use serde::{Deserialize, Serialize};

use crate::Role;

/// How long an enrolment link works: long enough to reach someone over a
/// weekend, short enough that a forgotten one is not a standing way in.
pub const ENROLMENT_HOURS: i64 = 72;

/// Granting a role that approves four-eyes decisions or manages staff needs a
/// second admin; taking one away (down to agent) takes effect at once.
pub fn needs_second_admin(role: Role) -> bool {
    matches!(role, Role::Supervisor | Role::Admin)
}

/// What a role change asks for, by the role it moves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleChange {
    /// Down to agent: done now.
    Now,
    /// Up to supervisor or admin: waits for another admin.
    AwaitsSecondAdmin,
}

/// Why a role change or its approval was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum RoleRefusal {
    /// Nobody changes their own role: one admin could otherwise keep the
    /// approver's role after losing the right to it, or climb alone.
    #[error("own account")]
    OwnAccount,
    /// The one who asked cannot be the second admin.
    #[error("own request")]
    OwnRequest,
    #[error("only staff roles")]
    NotAStaffRole,
    #[error("already that role")]
    Unchanged,
    #[error("a change is already waiting")]
    AlreadyWaiting,
}

/// Whether `requester` may change `account` (an active staff member whose
/// role is `current`) to `role`, and what that takes.
pub fn plan_role_change(
    requester: uuid::Uuid,
    account: uuid::Uuid,
    current: Role,
    role: Role,
) -> Result<RoleChange, RoleRefusal> {
    if requester == account {
        return Err(RoleRefusal::OwnAccount);
    }
    if !role.is_staff() {
        return Err(RoleRefusal::NotAStaffRole);
    }
    if role == current {
        return Err(RoleRefusal::Unchanged);
    }
    Ok(if needs_second_admin(role) {
        RoleChange::AwaitsSecondAdmin
    } else {
        RoleChange::Now
    })
}

/// Whether `decider` may approve or decline a grant that `requester` asked
/// for on `account`: a second admin is someone else than both.
pub fn may_decide_grant(
    decider: uuid::Uuid,
    requester: uuid::Uuid,
    account: uuid::Uuid,
) -> Result<(), RoleRefusal> {
    if decider == requester {
        return Err(RoleRefusal::OwnRequest);
    }
    if decider == account {
        return Err(RoleRefusal::OwnAccount);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn raising_waits_for_a_second_admin_and_lowering_does_not() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert_eq!(
            plan_role_change(a, b, Role::Agent, Role::Supervisor),
            Ok(RoleChange::AwaitsSecondAdmin)
        );
        assert_eq!(
            plan_role_change(a, b, Role::Supervisor, Role::Admin),
            Ok(RoleChange::AwaitsSecondAdmin)
        );
        assert_eq!(
            plan_role_change(a, b, Role::Admin, Role::Agent),
            Ok(RoleChange::Now)
        );
        assert_eq!(
            plan_role_change(a, a, Role::Agent, Role::Admin),
            Err(RoleRefusal::OwnAccount)
        );
        assert_eq!(
            plan_role_change(a, b, Role::Agent, Role::Customer),
            Err(RoleRefusal::NotAStaffRole)
        );
        assert_eq!(
            plan_role_change(a, b, Role::Agent, Role::Agent),
            Err(RoleRefusal::Unchanged)
        );
    }

    #[test]
    fn the_second_admin_is_neither_the_asker_nor_the_account() {
        let (asker, account, other) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        assert_eq!(may_decide_grant(other, asker, account), Ok(()));
        assert_eq!(
            may_decide_grant(asker, asker, account),
            Err(RoleRefusal::OwnRequest)
        );
        assert_eq!(
            may_decide_grant(account, asker, account),
            Err(RoleRefusal::OwnAccount)
        );
    }
}
