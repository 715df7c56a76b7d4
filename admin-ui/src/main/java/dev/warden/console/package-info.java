/**
 * The admin web console. It depends on the policy module and declares the data it shows as
 * interfaces that the gateway implements, so that the dependency runs gateway to console to
 * policy and never back.
 */
package dev.warden.console;
