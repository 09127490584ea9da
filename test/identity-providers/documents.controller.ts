import { Controller, Delete, Get, Put } from '@nestjs/common';
import {
  AuthenticatedUserId,
  EffectivePrincipals,
  JwtClaims,
  Permission,
  Scopes,
} from 'nestjs-jwt-permissions';

@Controller()
export class DocumentsController {
  /** Any valid access token. */
  @Get('whoami')
  whoami(
    @AuthenticatedUserId() userId: string,
    @EffectivePrincipals() principals: readonly string[],
    @JwtClaims('client_id') clientId: unknown,
  ) {
    return { userId, clientId, principals };
  }

  /** Only a token whose realm roles (Keycloak's realm_access.roles) hold admin. */
  @Delete('documents')
  @Permission('role:admin')
  purge() {
    return { purged: true };
  }

  /** Only a token granted the scope documents.write. */
  @Put('documents')
  @Scopes('documents.write')
  write() {
    return { written: true };
  }

  /** Both scopes, and the realm role admin. */
  @Get('audit')
  @Scopes('documents.read', 'documents.write')
  @Permission('role:admin')
  audit() {
    return { audit: [] };
  }

  /** Only a token with the orders client's role approve (resource_access.orders.roles). */
  @Get('approvals')
  @Permission('client-role:orders:approve')
  approvals() {
    return { approvals: [] };
  }
}
