package dev.p2p.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package layering of the starter's main code: no package cycles between {@code dev.p2p}
 * packages (every package, sub-packages included, is a slice of its own), and only the
 * auto-configuration sees Spring Boot, only the TCP transport (and the auto-configuration that
 * builds it) sees Spring Integration IP, only the Netty transport sees Netty, and the engine reaches connections through the
 * {@code dev.p2p.transport} interfaces only.
 */
class PackageLayeringTests {

	private static JavaClasses classes;

	@BeforeAll
	static void importMainClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.p2p");
	}

	@Test
	void noCycleBetweenPackages() {
		// "dev.p2p.(**)" captures the whole package name, so dev.p2p.metrics and
		// dev.p2p.metrics.micrometer are two slices
		slices().matching("dev.p2p.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void onlyTheAutoConfigurationImportsSpringBoot() {
		noClasses().that()
			.resideOutsideOfPackage("dev.p2p.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.boot..")
			.check(classes);
	}

	@Test
	void onlyTheTcpTransportAndTheAutoConfigurationImportSpringIntegrationIp() {
		noClasses().that()
			.resideOutsideOfPackages("dev.p2p.transport.tcp..", "dev.p2p.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.integration.ip..")
			.check(classes);
	}

	@Test
	void onlyTheNettyTransportAndTheAutoConfigurationImportNetty() {
		noClasses().that()
			.resideOutsideOfPackages("dev.p2p.transport.netty..", "dev.p2p.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.netty..")
			.check(classes);
	}

	@Test
	void theEngineSeesNoTransportImplementation() {
		noClasses().that()
			.resideInAnyPackage("dev.p2p.session..", "dev.p2p.node..", "dev.p2p.handshake..", "dev.p2p.request..",
					"dev.p2p.stream..", "dev.p2p.membership..", "dev.p2p.security..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.p2p.transport.tcp..", "dev.p2p.transport.netty..", "org.springframework.integration..",
					"io.netty..")
			.check(classes);
	}

}
