import { plainToInstance } from 'class-transformer';
import { IsInt, IsString, IsUUID, MaxLength, Min, getMetadataStorage, registerDecorator, validate } from 'class-validator';
import { rememberValidationRules } from './validation-metadata';

class MessageInput {
  @IsUUID() conversationId!: string;
  @IsString() @MaxLength(10) body!: string;
}

class AttachedMessageInput extends MessageInput {
  @IsInt() @Min(1) size!: number;
}

class GroupedInput {
  @IsString({ groups: ['strict'] }) code!: string;
  @IsInt({ always: true }) count!: number;
}

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true };
const UUID = '6f1d2a4e-1b8c-4c59-9d3e-2f0a7b9c8d11';

async function failures<T extends object>(type: new () => T, plain: object, options: object = OPTIONS): Promise<string[]> {
  const errors = await validate(plainToInstance(type, plain), options);
  return errors.flatMap((error) => Object.keys(error.constraints ?? {}).map((rule) => `${error.property}: ${rule}`)).sort();
}

describe('rememberValidationRules', () => {
  beforeAll(() => rememberValidationRules());

  it('refuses and accepts exactly as class-validator does, validation after validation', async () => {
    for (let round = 0; round < 3; round++) {
      expect(await failures(MessageInput, { conversationId: UUID, body: 'hello' })).toEqual([]);
      expect(await failures(MessageInput, { conversationId: 'nope', body: 'far too long a body', extra: 1 })).toEqual([
        'body: maxLength',
        'conversationId: isUuid',
        'extra: whitelistValidation',
      ]);
    }
  });

  it('gives a subclass its parent’s rules as well as its own', async () => {
    expect(await failures(AttachedMessageInput, { conversationId: UUID, body: 'hi', size: 0 })).toEqual(['size: min']);
    expect(await failures(AttachedMessageInput, { conversationId: 'x', body: 'hi', size: 3 })).toEqual(['conversationId: isUuid']);
    // the parent alone still refuses the subclass's field
    expect(await failures(MessageInput, { conversationId: UUID, body: 'hi', size: 3 })).toEqual(['size: whitelistValidation']);
  });

  it('keeps rules apart by validation groups', async () => {
    const plain = { code: 5, count: 'x' };
    // class-validator's rules: without groups every rule applies, unless strictGroups; `always` rules always do
    expect(await failures(GroupedInput, plain, { strictGroups: true })).toEqual(['count: isInt']);
    expect(await failures(GroupedInput, plain, { groups: ['strict'] })).toEqual(['code: isString', 'count: isInt']);
    expect(await failures(GroupedInput, plain, { groups: ['other'] })).toEqual(['count: isInt']);
    expect(await failures(GroupedInput, plain, {})).toEqual(['code: isString', 'count: isInt']);
    expect(await failures(GroupedInput, plain, { strictGroups: true })).toEqual(['count: isInt']);
  });

  it('applies a rule added after validations have run, to a class declared later and to one already validated', async () => {
    expect(await failures(MessageInput, { conversationId: UUID, body: 'ok' })).toEqual([]);

    class LateInput {
      @IsString() name!: string;
    }
    expect(await failures(LateInput, { name: 7 })).toEqual(['name: isString']);

    registerDecorator({
      name: 'notShouting',
      target: MessageInput,
      propertyName: 'body',
      validator: { validate: (value: unknown) => typeof value === 'string' && value !== value.toUpperCase() },
    });
    expect(await failures(MessageInput, { conversationId: UUID, body: 'HEY' })).toEqual(['body: notShouting']);
    expect(await failures(AttachedMessageInput, { conversationId: UUID, body: 'HEY', size: 1 })).toEqual(['body: notShouting']);
  });

  it('works a class’s rules out once, not on every validation', async () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(AttachedMessageInput, '', false, false);
    await failures(AttachedMessageInput, { conversationId: UUID, body: 'hi', size: 2 });
    expect(storage.getTargetValidationMetadatas(AttachedMessageInput, '', false, false)).toBe(first);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
  });
});
