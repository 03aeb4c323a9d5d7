/** Who a user is in the clinic. */
export const ROLES = ['patient', 'doctor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Account lifecycle: doctors start pending until an admin decides. */
export const USER_STATUSES = ['active', 'pending', 'rejected', 'suspended'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Roles a person may choose when registering; admins are never self-registered. */
export const SELF_REGISTER_ROLES = ['patient', 'doctor'] as const satisfies readonly Role[];
export type SelfRegisterRole = (typeof SELF_REGISTER_ROLES)[number];

export const GENDERS = ['female', 'male', 'other', 'unspecified'] as const;
export type Gender = (typeof GENDERS)[number];
