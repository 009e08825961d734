/**
 * Codes every kit method may answer besides its own (issue 9, "honest
 * errors"): each means exactly what it says, so the UI can show the right
 * text. Exceptions are for bugs, never for a condition a person can meet.
 */

/** No operator is signed in on this laptop (the kit is locked). */
export type Locked = 'locked';
/** The signed-in operator's role (or this laptop's place in the team) does not allow the action. */
export type NotAllowed = 'not-allowed';
export type CommonError = Locked | NotAllowed;
