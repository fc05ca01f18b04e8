//! Thai calendar: see the module docs below.
