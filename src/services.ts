// The service layer, assembled from its dependencies. Routes, the command line and tests use this.
import { authService } from './auth/service.ts';
import type { Deps } from './deps.ts';
import { groupService } from './domain/groups/service.ts';
import { pageService } from './domain/pages/service.ts';
import { userService } from './domain/users/service.ts';

export function createServices(deps: Deps) {
  return {
    deps,
    auth: authService(deps),
    users: userService(deps),
    groups: groupService(deps),
    pages: pageService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
