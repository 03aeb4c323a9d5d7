import { defineEntity, p } from '@mikro-orm/core';

/** Failed sign-ins counted per key ("account:<email>" or "ip:<address>") in a fixed window. */
const LoginFailureSchema = defineEntity({
  name: 'LoginFailure',
  tableName: 'login_failures',
  properties: {
    key: p.text().primary(),
    failures: p.integer(),
    windowStartedAt: p.datetime(),
  },
});

export class LoginFailure extends LoginFailureSchema.class {}
LoginFailureSchema.setClass(LoginFailure);
export { LoginFailureSchema };
