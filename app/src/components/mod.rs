pub mod decision;
pub mod layout;
pub mod load;
