export interface Config {
  auth?: {
    providers?: {
      /** Development sign-in (see @complete-clusters/plugin-auth-backend-module-development-users-provider). */
      development?: {
        users?: Array<{
          /** @visibility frontend */
          entityRef: string;
          /** @visibility frontend */
          title: string;
        }>;
      };
    };
  };
}
