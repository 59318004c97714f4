export interface Config {
  auth?: {
    providers?: {
      /**
       * Development sign-in as one of these catalog users, for a portal on a
       * developer's machine (like the guest provider, refused outside
       * NODE_ENV=development unless dangerouslyAllowOutsideDevelopment).
       */
      development?: {
        /** The users one may sign in as: each must be a User entity in the catalog. */
        users: Array<{
          /** @visibility frontend */
          entityRef: string;
          /** How the sign-in page names them. @visibility frontend */
          title: string;
        }>;
        /** Allow it outside development: never on a shared portal. */
        dangerouslyAllowOutsideDevelopment?: boolean;
      };
    };
  };
}
