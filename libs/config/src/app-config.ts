// Dependency-injection token for the typed configuration: a class so Nest can inject it by
// type, merged with the Config shape so consumers read plain typed fields.
import type { Config } from './load-config.js';

// eslint-disable-next-line @typescript-eslint/no-extraneous-class
export abstract class AppConfig {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface AppConfig extends Config {}
