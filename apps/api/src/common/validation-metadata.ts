import { getMetadataStorage, type MetadataStorage } from 'class-validator';

type Rules = ReturnType<MetadataStorage['getTargetValidationMetadatas']>;
type Grouped = ReturnType<MetadataStorage['groupByPropertyName']>;
/** The class (a constructor) whose rules are asked for. */
type Target = Parameters<MetadataStorage['getTargetValidationMetadatas']>[0];

const remembering = new WeakSet<MetadataStorage>();

/**
 * Makes class-validator remember each class's rules instead of working them out again on every `validate`.
 *
 * On every call, for the object and each nested object, class-validator:
 * - filters the class's rules;
 * - scans every class that has rules at all, to find the class's parents;
 * - groups the result by property.
 *
 * In an allocation profile of the chat socket, that was ~5 kB of a message's ~51 kB. The rules are fixed once the
 * decorators have run, so the answer is kept per class, schema and options. Adding any rule later (a class
 * imported later, a schema registered) forgets everything kept.
 *
 * Callers only read what they get, so one array (and one grouping of it) can serve every validation.
 */
export function rememberValidationRules(storage: MetadataStorage = getMetadataStorage()): void {
  if (remembering.has(storage)) return;
  remembering.add(storage);
  const rules = new Map<Target, Map<string, Rules>>();
  let grouped = new WeakMap<Rules, Grouped>();
  const forget = () => {
    rules.clear();
    grouped = new WeakMap();
  };

  const targetRules = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema ?? ''}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? '\u0002'}`;
    let byOptions = rules.get(target);
    if (!byOptions) rules.set(target, (byOptions = new Map<string, Rules>()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = targetRules(target, schema, always, strictGroups, groups)));
    return found;
  };

  const groupByProperty = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (metadata) => {
    let found = grouped.get(metadata);
    if (!found) grouped.set(metadata, (found = groupByProperty(metadata)));
    return found;
  };

  const addRule = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    forget();
    addRule(metadata);
  };
}
