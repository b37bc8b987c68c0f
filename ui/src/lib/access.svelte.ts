// What the window may do with the store in use, set from each snapshot: a read-only data
// folder (show and export, never record) and the sample case's own store (the demo).
export const access = $state<{ readOnly: boolean; demo: boolean }>({ readOnly: false, demo: false });
