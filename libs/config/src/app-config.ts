// Dependency-injection token for the typed configuration: a class so Nest can inject it by
// type, merged with the Config shape so consumers read plain typed fields. The merge is safe:
// the class has no members of its own and is never instantiated.
import type { Config } from './load-config.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class AppConfig {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface AppConfig extends Config {}
