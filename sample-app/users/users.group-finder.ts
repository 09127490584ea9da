import { Inject, Injectable } from '@nestjs/common';
import type { GroupFinder, VerifiedClaims } from 'nestjs-jwt-permissions';
import { APP_CONFIG } from '../config/app-config.constants';
import type { AppConfig } from '../config/app-config.interface';
import { UsersService } from './users.service';

/**
 * The sample's GroupFinder (Pyramid's `groupfinder`): the groups of the token's user, from
 * {@link UsersService}. An unknown or disabled user gets `null`, so their still-valid tokens are
 * refused with 401 on every route that needs a user.
 *
 * A user of the OpenID provider (`OIDC_ISSUER`) is not one of the sample's users, even when its
 * `sub` is `alice`: it has no groups here, only the principals its token's claims map to.
 */
@Injectable()
export class UsersGroupFinder implements GroupFinder {
  private readonly providerIssuer: string | undefined;

  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.providerIssuer = config.oidc?.issuer;
  }

  findGroups(userId: string, _request: unknown, claims: VerifiedClaims): readonly string[] | null {
    if (this.providerIssuer !== undefined && claims.iss === this.providerIssuer) return [];
    const user = this.users.findById(userId);
    return user && !user.disabled ? user.groups : null;
  }
}
