import { SetMetadata } from '@nestjs/common';
import { NO_REISSUE_METADATA } from './cookie-auth.constants';

/**
 * No sliding reissue of the auth cookie on this route (or on every route of this controller):
 * its responses never carry a fresh cookie, however old the one that authenticated the request.
 * For routes polled in the background, whose calls should not keep an idle user logged in.
 * To decide per request instead, call {@link CookieAuthService.cancelReissue} in the handler.
 */
export function NoReissue(): MethodDecorator & ClassDecorator {
  return SetMetadata(NO_REISSUE_METADATA, true);
}
