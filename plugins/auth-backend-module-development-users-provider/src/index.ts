/**
 * Development sign-in as one of a configured list of catalog users.
 *
 * @packageDocumentation
 */
export { authModuleDevelopmentUsersProvider as default } from './module';
